import { useId, type InputHTMLAttributes } from "react";

export interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  label: string;
  /** Messages for this field from the server (BAD_REQUEST fieldErrors) or the form. */
  errors?: readonly string[] | undefined;
  hint?: string;
}

/** A labelled input whose hint and errors are announced with it. */
export function Field({ label, errors, hint, className, ...input }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const hasErrors = errors !== undefined && errors.length > 0;
  const describedBy = [hint ? hintId : null, hasErrors ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={["field", hasErrors ? "field--invalid" : null, className].filter(Boolean).join(" ")}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      <input {...input} id={id} className="field__input" aria-invalid={hasErrors || undefined} aria-describedby={describedBy} />
      {hasErrors ? (
        <p id={errorId} className="field__error">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

import { useId, type TextareaHTMLAttributes } from "react";

export interface TextAreaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id"> {
  label: string;
  errors?: readonly string[] | undefined;
  hint?: string | undefined;
}

/** A labelled multi-line text box whose hint and errors are announced with it. */
export function TextAreaField({ label, errors, hint, className, rows = 3, ...textarea }: TextAreaFieldProps) {
  const id = useId();
  const hasErrors = errors !== undefined && errors.length > 0;
  const describedBy = [hint ? `${id}-hint` : null, hasErrors ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={["field", hasErrors ? "field--invalid" : null, className].filter(Boolean).join(" ")}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      <textarea
        {...textarea}
        id={id}
        rows={rows}
        className="field__input field__textarea"
        aria-invalid={hasErrors || undefined}
        aria-describedby={describedBy}
      />
      {hasErrors ? (
        <p id={`${id}-error`} className="field__error">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

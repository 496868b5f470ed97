import { useId, type SelectHTMLAttributes } from "react";

export interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> {
  label: string;
  options: readonly { value: string; label: string }[];
  /** A first, empty option ("Choose…") for when nothing is chosen yet. */
  placeholder?: string;
  errors?: readonly string[] | undefined;
  hint?: string | undefined;
}

/** A labelled native select whose hint and errors are announced with it. */
export function SelectField({ label, options, placeholder, errors, hint, className, ...select }: SelectFieldProps) {
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
      <select {...select} id={id} className="field__input field__select" aria-invalid={hasErrors || undefined} aria-describedby={describedBy}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {hasErrors ? (
        <p id={`${id}-error`} className="field__error">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

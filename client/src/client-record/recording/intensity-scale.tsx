import { severityBand, type Band } from "@wave/shared";
import { useId, useRef, type KeyboardEvent } from "react";

const BAND_WORDS: Record<Band, string> = {
  mild: "Mild (1 to 3)",
  moderate: "Moderate (4 to 6)",
  severe: "Severe (7 to 10)",
};

const VALUES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

export function bandWords(intensity: number): string {
  return BAND_WORDS[severityBand(intensity)];
}

/**
 * Intensity 1-10 as native radios: arrow keys move, Space chooses, and a
 * digit key jumps straight to a rating (0 for 10). The band, computed by the
 * shared rule, is shown in words as the rating changes.
 */
export function IntensityScale({
  value,
  onChange,
  errors,
  autoFocus = false,
}: {
  value: number | null;
  onChange: (value: number) => void;
  errors?: readonly string[] | undefined;
  autoFocus?: boolean;
}) {
  const id = useId();
  const optionsRef = useRef<HTMLDivElement>(null);
  const hasErrors = errors !== undefined && errors.length > 0;
  const describedBy = [`${id}-hint`, hasErrors ? `${id}-error` : null].filter(Boolean).join(" ");

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (!/^[0-9]$/.test(event.key) || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    const rating = event.key === "0" ? 10 : Number(event.key);
    onChange(rating);
    optionsRef.current?.querySelector<HTMLInputElement>(`input[value="${rating}"]`)?.focus();
  }

  return (
    <fieldset className={["choice-group", "intensity-scale", hasErrors ? "field--invalid" : null].filter(Boolean).join(" ")}>
      <legend className="choice-group__legend">
        <span className="field__label">Intensity</span>
        <output className={`intensity-scale__band${value === null ? "" : ` intensity-scale__band--${severityBand(value)}`}`} aria-live="polite">
          {value === null ? "Not chosen yet" : `${value}: ${bandWords(value)}`}
        </output>
      </legend>
      <p id={`${id}-hint`} className="field__hint">
        As the client rated it, 1 (barely there) to 10 (the worst). Arrow keys or a digit (0 for 10) choose.
      </p>
      <div ref={optionsRef} className="intensity-scale__options" onKeyDown={onKeyDown}>
        {VALUES.map((rating) => (
          <label key={rating} className={`intensity-scale__option intensity-scale__option--${severityBand(rating)}${value === rating ? " intensity-scale__option--checked" : ""}`}>
            <input
              type="radio"
              name={`${id}-intensity`}
              value={rating}
              checked={value === rating}
              onChange={() => onChange(rating)}
              aria-invalid={hasErrors || undefined}
              aria-describedby={describedBy}
              data-autofocus={autoFocus && rating === (value ?? 1) ? true : undefined}
            />
            <span>{rating}</span>
          </label>
        ))}
      </div>
      {hasErrors ? (
        <p id={`${id}-error`} className="field__error">
          {errors.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}

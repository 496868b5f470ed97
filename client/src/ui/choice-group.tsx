import { useId, type ReactNode } from "react";

export interface ChoiceOption<V extends string> {
  value: V;
  label: ReactNode;
  description?: string | undefined;
}

interface GroupShellProps {
  legend: ReactNode;
  /** Shown beside the legend and announced politely, e.g. the band of the chosen intensity. */
  status?: ReactNode;
  hint?: ReactNode;
  errors?: readonly string[] | undefined;
  /** "row" lays options side by side (wrapping on narrow screens), "scale" as an even segmented row. */
  layout?: "row" | "column" | "scale";
  className?: string | undefined;
}

function describedBy(hintId: string | null, errorId: string | null): string | undefined {
  return [hintId, errorId].filter(Boolean).join(" ") || undefined;
}

function GroupShell({
  legend,
  status,
  hint,
  errors,
  layout = "column",
  className,
  ids,
  children,
}: GroupShellProps & { ids: { hint: string; error: string }; children: ReactNode }) {
  const hasErrors = errors !== undefined && errors.length > 0;
  return (
    <fieldset className={["choice-group", `choice-group--${layout}`, hasErrors ? "field--invalid" : null, className].filter(Boolean).join(" ")}>
      <legend className="choice-group__legend">
        <span className="field__label">{legend}</span>
        {status !== undefined ? (
          <output className="choice-group__status" aria-live="polite">
            {status}
          </output>
        ) : null}
      </legend>
      {hint ? (
        <p id={ids.hint} className="field__hint">
          {hint}
        </p>
      ) : null}
      <div className="choice-group__options">{children}</div>
      {hasErrors ? (
        <p id={ids.error} className="field__error">
          {errors.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}

export interface RadioGroupProps<V extends string> extends GroupShellProps {
  name: string;
  options: readonly ChoiceOption<V>[];
  value: V | null;
  onChange: (value: V) => void;
  /** The dialog focuses this group first (its chosen option, else its first). */
  autoFocus?: boolean;
}

/** One choice from a few, as native radios: arrow keys move, Space chooses. */
export function RadioGroup<V extends string>({ name, options, value, onChange, autoFocus = false, ...shell }: RadioGroupProps<V>) {
  const id = useId();
  const ids = { hint: `${id}-hint`, error: `${id}-error` };
  const hasErrors = shell.errors !== undefined && shell.errors.length > 0;
  const focusValue = value ?? options[0]?.value;
  return (
    <GroupShell {...shell} ids={ids}>
      {options.map((option) => (
        <label key={option.value} className={value === option.value ? "choice choice--checked" : "choice"}>
          <input
            type="radio"
            name={`${id}-${name}`}
            value={option.value}
            checked={value === option.value}
            onChange={() => onChange(option.value)}
            aria-invalid={hasErrors || undefined}
            aria-describedby={describedBy(shell.hint ? ids.hint : null, hasErrors ? ids.error : null)}
            data-autofocus={autoFocus && option.value === focusValue ? true : undefined}
          />
          <span className="choice__text">
            <span className="choice__label">{option.label}</span>
            {option.description ? <span className="choice__description">{option.description}</span> : null}
          </span>
        </label>
      ))}
    </GroupShell>
  );
}

export interface CheckboxGroupProps<V extends string> extends GroupShellProps {
  name: string;
  options: readonly ChoiceOption<V>[];
  values: readonly V[];
  onChange: (values: V[]) => void;
}

/** Any number of choices, as native checkboxes; the chosen values keep the options' order. */
export function CheckboxGroup<V extends string>({ name, options, values, onChange, ...shell }: CheckboxGroupProps<V>) {
  const id = useId();
  const ids = { hint: `${id}-hint`, error: `${id}-error` };
  const hasErrors = shell.errors !== undefined && shell.errors.length > 0;
  return (
    <GroupShell {...shell} ids={ids}>
      {options.map((option) => {
        const checked = values.includes(option.value);
        return (
          <label key={option.value} className={checked ? "choice choice--checked" : "choice"}>
            <input
              type="checkbox"
              name={`${id}-${name}`}
              value={option.value}
              checked={checked}
              onChange={(event) =>
                onChange(
                  options
                    .map((candidate) => candidate.value)
                    .filter((candidate) => (candidate === option.value ? event.target.checked : values.includes(candidate))),
                )
              }
              aria-invalid={hasErrors || undefined}
              aria-describedby={describedBy(shell.hint ? ids.hint : null, hasErrors ? ids.error : null)}
            />
            <span className="choice__text">
              <span className="choice__label">{option.label}</span>
              {option.description ? <span className="choice__description">{option.description}</span> : null}
            </span>
          </label>
        );
      })}
    </GroupShell>
  );
}

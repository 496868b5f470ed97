import { useId, useRef, useState, type FormEvent } from "react";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { SelectField } from "../ui/select-field";
import type { StaffMember } from "./practice-types";
import { RANGE_PRESETS, validateRange, type PracticeParams, type RangeErrors, type RangePresetId } from "./range";

export interface PracticeFiltersProps {
  params: PracticeParams;
  /** The practice's consultants (users.list), or null while they load. */
  consultants: readonly StaffMember[] | null;
  onPreset: (preset: RangePresetId) => void;
  onCustom: (from: string, to: string) => void;
  onConsultant: (consultantId: string | null) => void;
}

/**
 * Date range (presets, or custom dates applied with a button) and the
 * consultant filter. Presets and the consultant apply at once; typed dates
 * apply on "Apply dates", after the same checks the server makes.
 */
export function PracticeFilters(props: PracticeFiltersProps) {
  // A new address (a preset, back/forward) starts the date fields afresh.
  return <FilterForm key={`${props.params.from}/${props.params.to}/${props.params.preset}`} {...props} />;
}

function FilterForm({ params, consultants, onPreset, onCustom, onConsultant }: PracticeFiltersProps) {
  const name = useId();
  const fromRef = useRef<HTMLDivElement>(null);
  const [from, setFrom] = useState(params.from);
  const [to, setTo] = useState(params.to);
  const [customChosen, setCustomChosen] = useState(params.preset === "custom");
  const [errors, setErrors] = useState<RangeErrors>({});
  const chosen = customChosen ? "custom" : params.preset;

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problems = validateRange(from, to);
    setErrors(problems);
    if (problems.from || problems.to) {
      fromRef.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    onCustom(from, to);
  }

  function chooseCustom() {
    setCustomChosen(true);
    fromRef.current?.querySelector("input")?.focus();
  }

  const consultantOptions = (consultants ?? []).map((consultant) => ({
    value: consultant.id,
    label: consultant.deactivatedAt ? `${consultant.name} (deactivated)` : consultant.name,
  }));

  return (
    <form className="practice-filters no-print" onSubmit={apply} noValidate aria-label="Dashboard filters">
      <fieldset className="range-presets">
        <legend className="field__label">Date range</legend>
        <div className="range-presets__options">
          {RANGE_PRESETS.map((preset) => (
            <label key={preset.id} className={chosen === preset.id ? "range-preset range-preset--on" : "range-preset"}>
              <input
                type="radio"
                name={name}
                value={preset.id}
                checked={chosen === preset.id}
                onChange={() => {
                  setCustomChosen(false);
                  onPreset(preset.id);
                }}
              />
              {preset.label}
            </label>
          ))}
          <label className={chosen === "custom" ? "range-preset range-preset--on" : "range-preset"}>
            <input type="radio" name={name} value="custom" checked={chosen === "custom"} onChange={chooseCustom} />
            Custom dates
          </label>
        </div>
      </fieldset>

      <div className="custom-range" ref={fromRef}>
        <Field
          label="From"
          type="date"
          name="from"
          value={from}
          max={to || undefined}
          onChange={(event) => {
            setFrom(event.target.value);
            setCustomChosen(true);
          }}
          errors={errors.from ? [errors.from] : undefined}
        />
        <Field
          label="To"
          type="date"
          name="to"
          value={to}
          min={from || undefined}
          onChange={(event) => {
            setTo(event.target.value);
            setCustomChosen(true);
          }}
          errors={errors.to ? [errors.to] : undefined}
        />
        <Button type="submit" variant="secondary" className="custom-range__apply">
          Apply dates
        </Button>
      </div>

      <SelectField
        className="consultant-filter"
        label="Consultant"
        value={params.consultantId ?? ""}
        onChange={(event) => onConsultant(event.target.value || null)}
        placeholder={consultants ? "All consultants" : "Loading consultants…"}
        options={consultantOptions}
        hint="Workload always lists every consultant."
      />
    </form>
  );
}

import { useId } from "react";
import { Button } from "../ui/button";
import { ToggleChip } from "../ui/chip";
import { hasFilters, type CaseloadFilters } from "./caseload-params";
import type { Band } from "./caseload-types";
import { bandLabels } from "../lib/labels";

export interface Consultant {
  id: string;
  name: string;
}

const BAND_OPTIONS = (Object.keys(bandLabels.short) as Band[]).map((band) => ({ value: band, label: bandLabels.short[band] }));

const TOGGLES: { key: "anyFlag" | "dueThisWeek" | "quiet30"; label: string }[] = [
  { key: "anyFlag", label: "Any flag" },
  { key: "dueThisWeek", label: "Follow-up due this week" },
  { key: "quiet30", label: "No episode in 30 days" },
];

/** Quick filters; each change is a new view in the address bar. */
export function CaseloadFilterBar({
  filters,
  consultants,
  onChange,
  onClear,
}: {
  filters: CaseloadFilters;
  /** A lead's consultants to filter by; null for a consultant, who sees only their own clients. */
  consultants: readonly Consultant[] | null;
  onChange: (changes: Partial<CaseloadFilters>) => void;
  onClear: () => void;
}) {
  const id = useId();
  return (
    <fieldset className="caseload-filters">
      <legend className="visually-hidden">Filter the caseload</legend>
      <div className="caseload-filters__selects">
        <div className="caseload-filters__select">
          <label htmlFor={`${id}-band`}>Band</label>
          <select
            id={`${id}-band`}
            className="field__input"
            value={filters.band ?? ""}
            onChange={(event) => onChange({ band: event.target.value === "" ? null : (event.target.value as Band) })}
          >
            <option value="">All bands</option>
            {BAND_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        {consultants ? (
          <div className="caseload-filters__select">
            <label htmlFor={`${id}-consultant`}>Consultant</label>
            <select
              id={`${id}-consultant`}
              className="field__input"
              value={filters.consultantId ?? ""}
              onChange={(event) => onChange({ consultantId: event.target.value === "" ? null : event.target.value })}
            >
              <option value="">All consultants</option>
              {/* A consultant named in the address but not (yet) in the list still shows as chosen. */}
              {filters.consultantId && !consultants.some((consultant) => consultant.id === filters.consultantId) ? (
                <option value={filters.consultantId}>Chosen consultant</option>
              ) : null}
              {consultants.map((consultant) => (
                <option key={consultant.id} value={consultant.id}>
                  {consultant.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      <div className="caseload-filters__toggles">
        {TOGGLES.map((toggle) => (
          <ToggleChip key={toggle.key} checked={filters[toggle.key]} onChange={(checked) => onChange({ [toggle.key]: checked })}>
            {toggle.label}
          </ToggleChip>
        ))}
        {hasFilters(filters) ? (
          <Button variant="quiet" onClick={onClear}>
            Clear filters
          </Button>
        ) : null}
      </div>
    </fieldset>
  );
}

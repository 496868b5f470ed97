import { useMemo } from "react";
import { Band, CaseloadSortField } from "@wave/shared";
import { enumParam, flagParam, pageParam, textParam, useUrlState, uuidParam, type ParamSpec } from "../lib/url-state";

/** The quick filters a caseload view can carry in its address. */
export interface CaseloadFilters {
  band: Band | null;
  anyFlag: boolean;
  /** "Follow-up due this week": followUpDueWithinDays 7. */
  dueThisWeek: boolean;
  /** "No episode in 30 days": noEpisodeInDays 30. */
  quiet30: boolean;
  /** A lead's consultant filter (ignored by the server for consultants). */
  consultantId: string | null;
}

export interface CaseloadParams extends CaseloadFilters {
  sort: CaseloadSortField;
  desc: boolean;
  page: number;
  search: string;
}

export const DEFAULT_SORT: CaseloadSortField = "attention";
export const FOLLOW_UP_DUE_DAYS = 7;
export const NO_EPISODE_DAYS = 30;

export const NO_FILTERS: CaseloadFilters = { band: null, anyFlag: false, dueThisWeek: false, quiet30: false, consultantId: null };

export function hasFilters(filters: CaseloadFilters): boolean {
  return filters.band !== null || filters.anyFlag || filters.dueThisWeek || filters.quiet30 || filters.consultantId !== null;
}

/** The caseload.list `filters` for a view. */
export function toListFilters(filters: CaseloadFilters) {
  return {
    ...(filters.band ? { band: filters.band } : {}),
    ...(filters.anyFlag ? { anyFlag: true } : {}),
    ...(filters.dueThisWeek ? { followUpDueWithinDays: FOLLOW_UP_DUE_DAYS } : {}),
    ...(filters.quiet30 ? { noEpisodeInDays: NO_EPISODE_DAYS } : {}),
    ...(filters.consultantId ? { consultantId: filters.consultantId } : {}),
  };
}

/**
 * The caseload's view (sort, page, search, filters) lives in the address
 * bar, so a reload, the back button or a shared link shows the same view.
 * Unknown or malformed values fall back to the defaults rather than failing.
 */
export function caseloadParamSpec(sortableFields: ReadonlySet<string>) {
  return {
    sort: enumParam("sort", CaseloadSortField.refine((field) => sortableFields.has(field)), DEFAULT_SORT),
    desc: flagParam("desc"),
    page: pageParam(),
    search: textParam("q"),
    band: enumParam("band", Band),
    anyFlag: flagParam("flagged"),
    dueThisWeek: flagParam("due"),
    quiet30: flagParam("quiet"),
    consultantId: uuidParam("consultant"),
  } satisfies ParamSpec;
}

export function useCaseloadParams(sortableFields: ReadonlySet<string>) {
  const spec = useMemo(() => caseloadParamSpec(sortableFields), [sortableFields]);
  const { values: params, update } = useUrlState(spec);

  const actions = useMemo(
    () => ({
      setSort: (sort: CaseloadSortField, desc: boolean) => update({ sort, desc, page: 1 }),
      setPage: (page: number) => update({ page }),
      // Typing refines one view rather than making a history entry per pause.
      setSearch: (search: string) => update({ search, page: 1 }, { replace: true }),
      clearSearch: () => update({ search: "", page: 1 }),
      setFilters: (filters: Partial<CaseloadFilters>) => update({ ...filters, page: 1 }),
      clearFilters: () => update({ ...NO_FILTERS, page: 1 }),
    }),
    [update],
  );

  return { params, ...actions };
}

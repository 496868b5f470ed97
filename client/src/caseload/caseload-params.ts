import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router-dom";
import type { Band, CaseloadSortField } from "./caseload-types";

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

const BANDS: readonly string[] = ["mild", "moderate", "severe"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

const on = (value: string | null) => value === "1" || value === "true";

/**
 * The caseload's view (sort, page, search, filters) lives in the address
 * bar, so a reload, the back button or a shared link shows the same view.
 * Unknown or malformed values fall back to the defaults rather than failing.
 */
export function useCaseloadParams(sortableFields: ReadonlySet<string>) {
  const [searchParams, setSearchParams] = useSearchParams();

  const params = useMemo<CaseloadParams>(() => {
    const sortParam = searchParams.get("sort");
    const sort = sortParam && sortableFields.has(sortParam) ? (sortParam as CaseloadSortField) : DEFAULT_SORT;
    const pageParam = Number(searchParams.get("page") ?? "1");
    const band = searchParams.get("band");
    const consultant = searchParams.get("consultant");
    return {
      sort,
      desc: on(searchParams.get("desc")),
      page: Number.isInteger(pageParam) && pageParam >= 1 ? pageParam : 1,
      search: (searchParams.get("q") ?? "").slice(0, 100),
      band: band && BANDS.includes(band) ? (band as Band) : null,
      anyFlag: on(searchParams.get("flagged")),
      dueThisWeek: on(searchParams.get("due")),
      quiet30: on(searchParams.get("quiet")),
      consultantId: consultant && UUID.test(consultant) ? consultant : null,
    };
  }, [searchParams, sortableFields]);

  const update = useCallback(
    (changes: Partial<CaseloadParams>, options: { replace?: boolean } = {}) => {
      setSearchParams(
        (current) => {
          const next = new URLSearchParams(current);
          const setOrDelete = (key: string, value: string | null) => {
            if (value === null) next.delete(key);
            else next.set(key, value);
          };
          const flag = (key: string, value: boolean | undefined) => {
            if (value !== undefined) setOrDelete(key, value ? "1" : null);
          };
          if (changes.sort !== undefined) setOrDelete("sort", changes.sort === DEFAULT_SORT ? null : changes.sort);
          if (changes.desc !== undefined) setOrDelete("desc", changes.desc ? "1" : null);
          if (changes.search !== undefined) setOrDelete("q", changes.search.trim() === "" ? null : changes.search);
          if (changes.page !== undefined) setOrDelete("page", changes.page <= 1 ? null : String(changes.page));
          if (changes.band !== undefined) setOrDelete("band", changes.band);
          flag("flagged", changes.anyFlag);
          flag("due", changes.dueThisWeek);
          flag("quiet", changes.quiet30);
          if (changes.consultantId !== undefined) setOrDelete("consultant", changes.consultantId);
          return next;
        },
        { replace: options.replace ?? false },
      );
    },
    [setSearchParams],
  );

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

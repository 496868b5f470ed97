import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router-dom";
import type { CaseloadSortField } from "./caseload-types";

export interface CaseloadParams {
  sort: CaseloadSortField;
  desc: boolean;
  page: number;
  search: string;
}

export const DEFAULT_SORT: CaseloadSortField = "attention";

/**
 * The caseload's view (sort, page, search) lives in the address bar, so a
 * reload, the back button or a shared link shows the same view. Unknown or
 * malformed values fall back to the defaults rather than failing.
 */
export function useCaseloadParams(sortableFields: ReadonlySet<string>) {
  const [searchParams, setSearchParams] = useSearchParams();

  const params = useMemo<CaseloadParams>(() => {
    const sortParam = searchParams.get("sort");
    const sort = sortParam && sortableFields.has(sortParam) ? (sortParam as CaseloadSortField) : DEFAULT_SORT;
    const pageParam = Number(searchParams.get("page") ?? "1");
    return {
      sort,
      desc: searchParams.get("desc") === "1" || searchParams.get("desc") === "true",
      page: Number.isInteger(pageParam) && pageParam >= 1 ? pageParam : 1,
      search: (searchParams.get("q") ?? "").slice(0, 100),
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
          if (changes.sort !== undefined) setOrDelete("sort", changes.sort === DEFAULT_SORT ? null : changes.sort);
          if (changes.desc !== undefined) setOrDelete("desc", changes.desc ? "1" : null);
          if (changes.search !== undefined) setOrDelete("q", changes.search.trim() === "" ? null : changes.search);
          if (changes.page !== undefined) setOrDelete("page", changes.page <= 1 ? null : String(changes.page));
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
    }),
    [update],
  );

  return { params, ...actions };
}

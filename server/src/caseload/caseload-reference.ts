import { compareByAttention, compareNames, type CaseloadRow, type CaseloadSortField } from "@wave/shared";
import type { CaseloadFilters } from "./caseload-order-sql.js";

// The caseload's filters and orders as DOMAIN.md states them, over finished
// rows, in TypeScript. The caseload itself is cut in SQL
// (caseload-order-sql.ts); this is the reference the property test
// (caseload-order.int.test.ts) holds the SQL to.

const DAY_MS = 24 * 60 * 60 * 1000;

export function matchesFilters(row: CaseloadRow, filters: CaseloadFilters, now: Date): boolean {
  if (filters.band && row.band !== filters.band) return false;
  if (filters.flag && !row.flags.includes(filters.flag)) return false;
  if (filters.anyFlag && row.flags.length === 0) return false;
  if (filters.awaitingReassignment && !row.awaitingReassignment) return false;
  if (filters.followUpDueWithinDays !== undefined) {
    // Overdue follow-ups are due "this week" too: they are the most due of all.
    const limit = now.getTime() + filters.followUpDueWithinDays * DAY_MS;
    if (!row.nextFollowUpAt || Date.parse(row.nextFollowUpAt) > limit) return false;
  }
  if (filters.noEpisodeInDays !== undefined) {
    const since = now.getTime() - filters.noEpisodeInDays * DAY_MS;
    if (row.lastEpisodeAt && Date.parse(row.lastEpisodeAt) >= since) return false;
  }
  return true;
}

const BAND_ORDER = { mild: 1, moderate: 2, severe: 3 } as const;
const TREND_ORDER = { improving: 1, stable: 2, insufficient_data: 3, worsening: 4 } as const;

function sortValue(row: CaseloadRow, field: Exclude<CaseloadSortField, "attention">): string | number | null {
  switch (field) {
    case "band":
      return row.band ? BAND_ORDER[row.band] : null;
    case "trend":
      return TREND_ORDER[row.trend];
    case "lastEpisodeAt":
    case "nextFollowUpAt": {
      const value = row[field];
      return value ? Date.parse(value) : null;
    }
    default:
      return row[field];
  }
}

/** Sorts by one column; rows without a value go last whichever the direction. */
export function sortCaseload(rows: CaseloadRow[], field: CaseloadSortField, desc: boolean): CaseloadRow[] {
  if (field === "attention") {
    const sorted = [...rows].sort(compareByAttention);
    return desc ? sorted.reverse() : sorted;
  }
  const direction = desc ? -1 : 1;
  return [...rows].sort((a, b) => {
    const valueA = sortValue(a, field);
    const valueB = sortValue(b, field);
    if (valueA === null && valueB === null) return compareByAttention(a, b);
    if (valueA === null) return 1;
    if (valueB === null) return -1;
    const order =
      typeof valueA === "string" && typeof valueB === "string"
        ? compareNames(valueA, valueB)
        : (valueA as number) - (valueB as number);
    return order !== 0 ? order * direction : compareByAttention(a, b);
  });
}

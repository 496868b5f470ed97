import { format, isValid, parseISO } from "date-fns";

// Dates as every page shows them: "1 Dec 2026" and "1 Dec 2026, 17:35" in the
// reader's time zone; ISO strings stay in addresses and exports. A value that
// is not a date is shown as it came rather than throwing.

function formatIso(iso: string, pattern: string): string {
  const date = parseISO(iso);
  return isValid(date) ? format(date, pattern) : iso;
}

/** "1 Dec 2026" */
export function formatDate(iso: string): string {
  return formatIso(iso, "d MMM yyyy");
}

/** "1 Dec 2026, 17:35" */
export function formatDateTime(iso: string): string {
  return formatIso(iso, "d MMM yyyy, HH:mm");
}

/** Today's date in UTC, YYYY-MM-DD: the calendar day the server reads ranges in, and export file names carry. */
export function isoToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Whether a string is a YYYY-MM-DD day that exists (2026-02-30 does not). */
export function isIsoDate(value: string | null | undefined): value is string {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

// Spelled out here rather than by Intl, whose short months differ between ICU versions ("Sep"/"Sept").
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "1 Sep": a UTC calendar day and month, for axis ticks. */
export function formatDayMonth(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  return `${day.getUTCDate()} ${MONTHS[day.getUTCMonth()] ?? ""}`;
}

/** "1 Sep 2026": a UTC calendar day (YYYY-MM-DD) in words, for headings. */
export function formatDay(date: string): string {
  return `${formatDayMonth(date)} ${date.slice(0, 4)}`;
}

/** "2026-11-26 14:59:23 UTC": precise, sortable, and the same for every reader whatever their time zone. */
export function formatUtcTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

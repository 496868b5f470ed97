import { format, isValid, parse } from "date-fns";

// Date and time inputs speak local wall-clock strings; the API speaks ISO-8601.
// Showing a date is lib/dates.ts's job; these only convert what an input holds.

/** "YYYY-MM-DDTHH:mm" for a datetime-local input, in the browser's time zone. */
export function toLocalDateTimeInput(date: Date): string {
  return format(date, "yyyy-MM-dd'T'HH:mm");
}

/** "YYYY-MM-DD" for a date input, in the browser's time zone. */
export function toLocalDateInput(date: Date): string {
  return format(date, "yyyy-MM-dd");
}

/** A datetime-local value as an ISO instant, or "" when it is empty or not a date (the schema then says so). */
export function localDateTimeToIso(value: string): string {
  if (value.trim() === "") return "";
  const date = parse(value, value.length > 16 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm", new Date());
  return isValid(date) ? date.toISOString() : "";
}

/**
 * A date input's day as an ISO instant: today means now (so an entry made
 * today is never "in the future"), any other day its local midnight.
 */
export function localDateToIso(value: string, now = new Date()): string {
  if (value.trim() === "") return "";
  const date = parse(value, "yyyy-MM-dd", now);
  if (!isValid(date)) return "";
  return value === toLocalDateInput(now) ? now.toISOString() : date.toISOString();
}

import { stringify } from "csv-stringify/browser/esm/sync";

// CSV text for every export in Wave's practice and admin pages: a header row,
// then one record per row; numbers as numbers, dates as ISO strings, and a
// byte-order mark so spreadsheet programs read names in UTF-8.

export type CsvValue = string | number | null;

export interface CsvTable {
  header: readonly string[];
  rows: readonly (readonly CsvValue[])[];
}

// A text cell that starts like a formula is run by spreadsheet programs
// ("=HYPERLINK(…)" typed as a client's name): a leading apostrophe keeps it text.
const FORMULA_START = /^[=+\-@\t\r]/;

/** Free text (names, notes, details) made safe for a spreadsheet; numbers are never touched. */
export function csvText(value: string | null | undefined): string {
  if (value === null || value === undefined) return "";
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function toCsv(table: CsvTable): string {
  return stringify([[...table.header], ...table.rows.map((row) => row.map((value) => value ?? ""))], { bom: true });
}

/** "wave-practice-report-2026-09-01-to-2026-11-26.csv" */
export function csvFilename(what: string, dates: readonly string[]): string {
  return `wave-${what}${dates.length > 0 ? `-${dates.join("-to-")}` : ""}.csv`;
}

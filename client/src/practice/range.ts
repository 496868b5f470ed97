import { z } from "zod";
import { formatDay, isIsoDate } from "../lib/dates";
import { enumParam, isoDateParam, readParams, uuidParam, writeParams, type ParamSpec } from "../lib/url-state";


// The dashboard's date range and consultant filter, as they live in the
// address bar (?from=YYYY-MM-DD&to=YYYY-MM-DD&preset=quarter&consultant=<id>).
// Dates are calendar days in UTC, as the server reads them.

export const RANGE_PRESETS = [
  { id: "4w", label: "4 weeks", weeks: 4 },
  { id: "quarter", label: "Quarter (13 weeks)", weeks: 13 },
  { id: "year", label: "Year (52 weeks)", weeks: 52 },
] as const;

export type RangePresetId = (typeof RANGE_PRESETS)[number]["id"];
export type RangePreset = RangePresetId | "custom";

export const DEFAULT_PRESET: RangePresetId = "quarter";
/** The server refuses longer ranges (AnalyticsRangeInput). */
export const MAX_RANGE_DAYS = 3 * 366;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface PracticeParams {
  from: string;
  to: string;
  preset: RangePreset;
  consultantId: string | null;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Number of calendar days from `from` to `to`, both included. */
export function daysInRange(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** A preset ends today and covers exactly its weeks: 4 weeks is 28 days, today included. */
export function presetRange(preset: RangePresetId, today: string): { from: string; to: string } {
  const weeks = RANGE_PRESETS.find((candidate) => candidate.id === preset)?.weeks ?? 13;
  return { from: addDays(today, -(weeks * 7 - 1)), to: today };
}

export function isPresetId(value: string | null): value is RangePresetId {
  return RANGE_PRESETS.some((preset) => preset.id === value);
}

const presetIds = RANGE_PRESETS.map((preset) => preset.id) as [RangePresetId, ...RangePresetId[]];

/** The address's parts, in the order a link writes them. */
const practiceParamSpec = {
  from: isoDateParam("from"),
  to: isoDateParam("to"),
  consultantId: uuidParam("consultant"),
  preset: enumParam("preset", z.enum([...presetIds, "custom"])),
} satisfies ParamSpec;

/**
 * The view an address describes. A preset without dates (or with stale ones:
 * a link bookmarked last month) is recomputed from today; custom dates are
 * kept as typed. Anything malformed falls back to the default quarter.
 */
export function parsePracticeParams(search: URLSearchParams, today: string): PracticeParams {
  const { from, to, consultantId, preset } = readParams(search, practiceParamSpec);
  if (preset && preset !== "custom") return { ...presetRange(preset, today), preset, consultantId };
  if (from && to) return { from, to, preset: "custom", consultantId };
  return { ...presetRange(DEFAULT_PRESET, today), preset: DEFAULT_PRESET, consultantId };
}

/** The address for a view: every part of it, so a shared link shows the same numbers. */
export function practiceSearch(params: PracticeParams): URLSearchParams {
  return writeParams(practiceParamSpec, params);
}

export interface RangeErrors {
  from?: string;
  to?: string;
}

/** The same rules as the server's AnalyticsRangeInput, worded for the date fields. */
export function validateRange(from: string, to: string): RangeErrors {
  const errors: RangeErrors = {};
  if (!isIsoDate(from)) errors.from = "Enter a start date";
  if (!isIsoDate(to)) errors.to = "Enter an end date";
  if (errors.from || errors.to) return errors;
  if (from > to) errors.from = "The start date must be on or before the end date";
  else if (daysInRange(from, to) - 1 > MAX_RANGE_DAYS) errors.from = "Choose a range of at most three years";
  return errors;
}

export function describeRange(params: Pick<PracticeParams, "from" | "to" | "preset">): string {
  const span = `${formatDay(params.from)} to ${formatDay(params.to)}`;
  const preset = RANGE_PRESETS.find((candidate) => candidate.id === params.preset);
  return preset ? `${span} (last ${preset.label.toLowerCase()})` : span;
}

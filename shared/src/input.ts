import { z } from "zod";

// The input rules every schema builds on, so that what the API accepts is
// exactly what it stores (docs/decisions/0019-exact-input.md): an instant is
// parsed once here and crosses to Postgres as a Date, never as a string for
// Postgres' own date parser; text is well-formed Unicode without NULs.

/** Instants outside these years are refused: no DMER record is older, and Postgres and JavaScript agree on every instant between. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

/**
 * An ISO-8601 date and time with an offset, as the exact instant it names.
 * `empty` is what a form shows when nothing was entered (the field's own
 * words, e.g. "Enter when it happened, as a date and time").
 */
export const instant = (label: string, empty = `Enter ${label.toLowerCase()} as a date and time`) =>
  z.iso
    .datetime({
      offset: true,
      // A malformed or missing instant is reported once, not again by the rules below.
      abort: true,
      error: (issue) =>
        issue.input === undefined || issue.input === "" ? empty : `${label} must be a date and time (ISO 8601, with a time zone)`,
    })
    .refine(
      (value) => {
        const year = new Date(value).getUTCFullYear();
        return year >= MIN_YEAR && year <= MAX_YEAR;
      },
      { error: `${label} must be between ${MIN_YEAR} and ${MAX_YEAR}` },
    )
    .transform((value) => new Date(value));

// A lone surrogate (half of a UTF-16 pair) is not text: Postgres would refuse
// it or replace it with U+FFFD, silently changing what was sent.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Postgres text cannot hold NUL.
const NUL = /\0/;

/** Whether text can be stored exactly as sent. */
export function isStorableText(value: string): boolean {
  return !LONE_SURROGATE.test(value) && !NUL.test(value);
}

/** Plain text: trimmed, well-formed, at most `max` characters. */
export const text = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, { error: `${label} must be ${max.toLocaleString("en")} characters or fewer` })
    .refine(isStorableText, { error: `${label} contains characters that cannot be stored; please retype it` });

/** A calendar day (YYYY-MM-DD) that exists, in the same years as an instant. */
export const calendarDate = (label: string) =>
  z.iso
    .date({ error: `${label} must be a date (YYYY-MM-DD)` })
    .refine(
      (value) => {
        // 2026-02-30 matches the pattern but is no day; Date would roll it into March.
        const parsed = new Date(`${value}T00:00:00Z`);
        const year = parsed.getUTCFullYear();
        return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value && year >= MIN_YEAR && year <= MAX_YEAR;
      },
      { error: `${label} must be a real date between ${MIN_YEAR} and ${MAX_YEAR}` },
    );

/** Postgres int4, the type of every version column. */
export const MAX_VERSION = 2_147_483_647;
/** The version of a record as last read, for an update that must not overwrite a newer one. */
export const version = () =>
  z
    .number({ error: "version must be a number" })
    .int({ error: "version must be a whole number" })
    .min(1, { error: "version must be 1 or more" })
    .max(MAX_VERSION, { error: "version is not one this record has had" });

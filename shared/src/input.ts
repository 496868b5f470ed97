import { z } from "zod";

// The input rules every schema builds on, so that what the API accepts is
// exactly what it stores (docs/decisions/0019-exact-input.md): an instant is
// parsed once here and crosses to Postgres as a Date, never as a string for
// Postgres' own date parser; text is well-formed Unicode without NULs.

/** Instants outside these years are refused: no DMER record is older, and Postgres and JavaScript agree on every instant between. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

/** An ISO-8601 date and time with an offset, as the exact instant it names. */
export const instant = (label: string) =>
  z.iso
    .datetime({ offset: true, error: `${label} must be a date and time (ISO 8601, with a time zone)` })
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

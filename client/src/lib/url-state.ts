import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router-dom";
import { z } from "zod";
import { isIsoDate } from "./dates";

// A page's view (filters, sort, page, range) lives in the address bar, so a
// reload, the back button and a shared link show the same view. Each
// parameter is read with a zod schema (the shared enums where there is one):
// a value that fails falls back to the parameter's default instead of
// breaking the page, and a default is left out of the address so links stay short.

/** One search parameter: its name in the address, how it is read, its default, and how it is written. */
export interface Param<T> {
  key: string;
  schema: z.ZodType<T>;
  fallback: T;
  /** The text for the address, or null to leave the parameter out. Defaults to String(value), and out when it equals `fallback`. */
  write?(value: T): string | null;
}

export type ParamSpec = Record<string, Param<unknown>>;
export type ParamValues<Spec extends ParamSpec> = { [K in keyof Spec]: Spec[K] extends Param<infer T> ? T : never };

/** The view an address describes; every malformed or unknown value reads as its default. */
export function readParams<Spec extends ParamSpec>(search: URLSearchParams, spec: Spec): ParamValues<Spec> {
  const values: Record<string, unknown> = {};
  for (const [name, param] of Object.entries(spec)) {
    const raw = search.get(param.key);
    const parsed = raw === null ? null : param.schema.safeParse(raw);
    values[name] = parsed?.success ? parsed.data : param.fallback;
  }
  return values as ParamValues<Spec>;
}

/** Writes `changes` into a copy of `search` (other parameters are kept), leaving defaults out. */
export function writeParams<Spec extends ParamSpec>(
  spec: Spec,
  changes: Partial<ParamValues<Spec>>,
  search: URLSearchParams = new URLSearchParams(),
): URLSearchParams {
  const next = new URLSearchParams(search);
  // In the spec's order, so the same view always makes the same link.
  for (const [name, param] of Object.entries(spec)) {
    const value = (changes as Record<string, unknown>)[name];
    if (value === undefined) continue;
    const text = param.write ? param.write(value) : Object.is(value, param.fallback) ? null : plainText(value);
    if (text === null || text === "") next.delete(param.key);
    else next.set(param.key, text);
  }
  return next;
}

function plainText(value: unknown): string | null {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : null;
}

/** A page's view from the address, and a setter that writes changes back (pushing a history entry unless `replace`). */
export function useUrlState<Spec extends ParamSpec>(spec: Spec) {
  const [searchParams, setSearchParams] = useSearchParams();
  const values = useMemo(() => readParams(searchParams, spec), [searchParams, spec]);
  const update = useCallback(
    (changes: Partial<ParamValues<Spec>>, options: { replace?: boolean } = {}) =>
      setSearchParams((current) => writeParams(spec, changes, current), { replace: options.replace ?? false }),
    [setSearchParams, spec],
  );
  return { values, update, searchParams };
}

// The parameter kinds Wave's pages use.

/** One of an enum's values (a shared zod enum), or null. */
export function enumParam<T extends string>(key: string, values: z.ZodType<T>): Param<T | null>;
export function enumParam<T extends string>(key: string, values: z.ZodType<T>, fallback: T): Param<T>;
export function enumParam<T extends string>(key: string, values: z.ZodType<T>, fallback: T | null = null): Param<T | null> {
  return { key, schema: values, fallback };
}

/** An on/off switch, written "1" when on and left out when off; "1" and "true" read as on. */
export function flagParam(key: string): Param<boolean> {
  return { key, schema: z.enum(["1", "true"]).transform(() => true), fallback: false, write: (on) => (on ? "1" : null) };
}

/** A page number from 1, left out on page 1. */
export function pageParam(key = "page"): Param<number> {
  return { key, schema: z.coerce.number().int().min(1), fallback: 1, write: (page) => (page <= 1 ? null : String(page)) };
}

/** A record id by the server's UUID rule; `fallback` (null unless given) when absent or malformed. */
export function uuidParam(key: string): Param<string | null>;
export function uuidParam<F extends string>(key: string, fallback: F): Param<string>;
export function uuidParam(key: string, fallback: string | null = null): Param<string | null> {
  return { key, schema: z.uuid(), fallback };
}

/** Free text cut at `max` characters (an address can be edited by hand); `trim` drops surrounding spaces first. */
export function textParam(key: string, { max = 100, trim = false } = {}): Param<string> {
  const schema = z.string().transform((value) => (trim ? value.trim() : value).slice(0, max));
  return { key, schema, fallback: "", write: (text) => (text.trim() === "" ? null : text) };
}

/** A calendar day, YYYY-MM-DD, that exists; an empty string otherwise. */
export function isoDateParam(key: string): Param<string> {
  return { key, schema: z.string().refine((value) => isIsoDate(value)), fallback: "" };
}

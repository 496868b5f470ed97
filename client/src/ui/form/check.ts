/**
 * A parsed value as it travels (JSON, no transformer): the shared schemas
 * parse instants into Dates, and the wire carries them as ISO strings.
 */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

export function toWire<T>(value: T): Wire<T> {
  if (value instanceof Date) return value.toISOString() as Wire<T>;
  if (Array.isArray(value)) return value.map((item: unknown) => toWire(item)) as Wire<T>;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toWire(item)])) as Wire<T>;
  }
  return value as Wire<T>;
}

interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** The part of a zod schema the forms use: the same shared schemas the server validates with. */
export interface Schema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: readonly Issue[] } };
}

/** One problem with what the form would send: the input path ("intensity", "answers.9") and the schema's own words. */
export type Problem = readonly [path: string, message: string];

/** What a form would send, checked: the input ready for the wire, or the problems to show. */
export type Checked<T> = { ok: true; input: T } | { ok: false; problems: readonly Problem[] };

/**
 * Parses `input` with a shared schema. `extra` holds rules the server checks
 * outside the schema (it needs stored data), as problems the form already knows.
 */
export function checkWith<T>(schema: Schema<T>, input: unknown, extra: readonly Problem[] = []): Checked<Wire<T>> {
  const result = schema.safeParse(input);
  if (result.success && extra.length === 0) return { ok: true, input: toWire(result.data) };
  const issues: Problem[] = result.success
    ? []
    : result.error.issues.map((issue) => [issue.path.map(String).join(".") || "(input)", issue.message]);
  return { ok: false, problems: [...issues, ...extra] };
}

import { useCallback, useEffect, useRef, useState } from "react";
import { TRPCClientError } from "@trpc/client";
import { errorCodeOf, fieldErrorsOf, messageOf, type ApiError } from "../app/trpc";

export type FieldErrors = Record<string, string[]>;

interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

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

/** The part of a zod schema the forms use: the same schemas the server validates with. */
export interface Schema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: readonly Issue[] } };
}

// zod's built-in wording ("Invalid option: expected one of …") and id checks ("… must be a UUID")
// are for developers, not clinicians: the form's own words replace them.
// A date input only ever holds YYYY-MM-DD or nothing, so a format message there means "empty".
const BUILT_IN_MESSAGE = /^(Invalid|Too (big|small)|Expected|Required)\b|must be a UUID$|\(YYYY-MM-DD\)$/;

/**
 * Field-by-field problems with a form: zod issues before submitting, the
 * server's fieldErrors (or its "field: message" wording) after. Keys are input
 * paths ("intensity", "answers.9"); messages are always plain words.
 */
export function useFormErrors(options: { fields: readonly string[]; plainWords: Record<string, string> }) {
  const { fields, plainWords } = options;
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  // After a failed attempt, focus goes to the first field that needs attention (or the message).
  useEffect(() => {
    if (focusRequest === 0) return;
    const form = formRef.current;
    const target =
      form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector<HTMLElement>("[data-form-alert]");
    target?.focus();
  }, [focusRequest]);

  const keyOf = useCallback(
    (path: string): string | null => {
      if (fields.includes(path)) return path;
      const base = path.replace(/\.\d+$/, "");
      return fields.includes(base) ? base : null;
    },
    [fields],
  );

  const plain = useCallback(
    (key: string, message: string) =>
      BUILT_IN_MESSAGE.test(message) ? (plainWords[key] ?? plainWords[key.replace(/\.\d+$/, "")] ?? "Check this answer") : message,
    [plainWords],
  );

  const apply = useCallback(
    (entries: [string, string][], extra: string | null) => {
      const next: FieldErrors = {};
      const elsewhere: string[] = extra ? [extra] : [];
      for (const [path, message] of entries) {
        const key = keyOf(path);
        if (key === null) elsewhere.push(`${path}: ${message}`);
        else (next[key] ??= []).push(plain(key, message));
      }
      // The first problem with a field is the one to fix first; later ones often follow from it.
      for (const key of Object.keys(next)) next[key] = next[key]?.slice(0, 1) ?? [];
      setFieldErrors(next);
      setFormError(elsewhere.length > 0 ? elsewhere.join(" ") : null);
      setFocusRequest((count) => count + 1);
    },
    [keyOf, plain],
  );

  /**
   * Validates with the shared schema (plus any rule the server checks outside
   * it, as `extra` [field, message] pairs); shows the problems and returns
   * null when there are any.
   */
  const validate = useCallback(
    <T>(schema: Schema<T>, input: unknown, extra: readonly [string, string][] = []): Wire<T> | null => {
      const result = schema.safeParse(input);
      if (result.success && extra.length === 0) {
        setFieldErrors({});
        setFormError(null);
        return toWire(result.data);
      }
      const issues: [string, string][] = result.success
        ? []
        : result.error.issues.map((issue) => [issue.path.map(String).join(".") || "(input)", issue.message]);
      apply([...issues, ...extra], null);
      return null;
    },
    [apply],
  );

  /** A failed save: field problems beside their fields, anything else in the form's alert. */
  const showServerError = useCallback(
    (error: unknown) => {
      const code = errorCodeOf(error);
      if (code === "BAD_REQUEST") {
        const entries: [string, string][] = [];
        for (const [path, messages] of Object.entries(fieldErrorsOf(error))) {
          for (const message of messages) entries.push([path, message]);
        }
        if (entries.length > 0) return apply(entries, null);
        // Rules checked in the service answer "field: message" without fieldErrors.
        const message = error instanceof TRPCClientError ? (error as ApiError).message : "";
        const match = /^([A-Za-z][\w.]*): (.+)$/.exec(message);
        if (match?.[1] && match[2] && keyOf(match[1]) !== null) return apply([[match[1], match[2]]], null);
      }
      const keep = "Nothing you entered has been lost: check it and save again.";
      apply([], `${messageOf(error)} ${keep}`);
    },
    [apply, keyOf],
  );

  /** A problem in words of the form's own choosing, shown in the form's alert (nothing was saved). */
  const showMessage = useCallback((message: string) => apply([], message), [apply]);

  const clearField = useCallback((key: string) => {
    setFieldErrors((current) => {
      if (!(key in current)) return current;
      const { [key]: _removed, ...rest } = current;
      return rest;
    });
  }, []);

  const reset = useCallback(() => {
    setFieldErrors({});
    setFormError(null);
  }, []);

  return { formRef, fieldErrors, formError, validate, showServerError, showMessage, clearField, reset, errorsFor: (key: string) => fieldErrors[key] };
}

export type FormErrors = ReturnType<typeof useFormErrors>;

/** The record as stored now, from a CONFLICT answer. */
export function conflictCurrentOf(error: unknown): Record<string, unknown> | null {
  if (!(error instanceof TRPCClientError) || errorCodeOf(error) !== "CONFLICT") return null;
  return (error as ApiError).data?.conflict?.current ?? null;
}

import { revalidateLogic, useForm, useStore } from "@tanstack/react-form";
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import type { Checked, Problem } from "./check";
import { newRecordId } from "./record-id";
import { errorCodeOf, fieldErrorsOf, messageOf } from "../../lib/server-error";

/** What a submission knows besides the values: the record's id and the version it edits (null: a new record). */
export interface SubmitContext {
  id: string;
  version: number | null;
}

export interface RecordFormOptions<Values extends object, Input> {
  defaultValues: Values;
  /** The stored record's id when editing; otherwise one is made once per form, and again after `reset`. */
  recordId?: string | undefined;
  /** The version of the record as this form read it; absent when creating. */
  version?: number | null | undefined;
  /** Keys that take messages besides the values' own ("answers.0"...); a problem elsewhere goes to the form's alert. */
  extraFields?: readonly string[];
  /** The values as the shared schema sees them: use `checkWith(Schema, input)`. */
  check: (values: Values, context: SubmitContext) => Checked<Input>;
  /** Sends the checked input; a thrown error is shown beside the fields it names, or in the alert. */
  save: (input: Input, context: SubmitContext) => Promise<unknown>;
  /** A failed save the form answers itself (a version conflict): true when it did. */
  onSaveError?: (error: unknown) => boolean;
  /** While true, Save does nothing: a version conflict awaits the user's choice (its buttons save). */
  paused?: boolean;
  /** Said after a failed save's message; false for forms where it would be noise (signing in). */
  reassure?: false;
}

/** Messages for the fields, and any that belong to no field. */
interface Distributed {
  fields: Record<string, string>;
  other: string[];
}

const KEEP = "Nothing you entered has been lost: check it and save again.";

/** The meta of a field before TanStack has made one for it. */
const UNTOUCHED = { isTouched: false, isBlurred: false, isDirty: false, isValidating: false, errorMap: {}, errorSourceMap: {} };

/** A problem's path as one of the form's keys: itself, or its list ("answers.3" -> "answers"), else null. */
function keyOf(path: string, keys: ReadonlySet<string>): string | null {
  if (keys.has(path)) return path;
  const base = path.replace(/\.\d+$/, "");
  return keys.has(base) ? base : null;
}

function distribute(problems: readonly Problem[], keys: ReadonlySet<string>): Distributed {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const [path, message] of problems) {
    const key = keyOf(path, keys);
    // The first problem with a field is the one to fix first; later ones often follow from it.
    if (key === null) other.push(message);
    else fields[key] ??= message;
  }
  return { fields, other };
}

/**
 * The one way Wave builds a form that records something (docs/decisions/0023):
 * TanStack Form holds the values and each field's messages; this hook adds
 * the record id made once, the submit guard, validation with the shared zod
 * schema on submit (and on blur after the first attempt), the server's
 * `fieldErrors` beside their fields, and focus on the first thing to fix.
 */
export function useRecordForm<Values extends object, Input>(options: RecordFormOptions<Values, Input>) {
  // The latest options, so TanStack's callbacks (made once) see this render's closures.
  const latest = useRef(options);
  latest.current = options;
  const [id, setId] = useState(() => options.recordId ?? newRecordId());
  const idRef = useRef(id);
  idRef.current = id;
  const versionOverride = useRef<number | null>(null);
  const inFlight = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);
  const [serverMessage, setServerMessage] = useState<string | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);

  const keys = useCallback(
    () => new Set([...Object.keys(latest.current.defaultValues), ...(latest.current.extraFields ?? [])]),
    [],
  );
  const context = (): SubmitContext => ({ id: idRef.current, version: versionOverride.current ?? latest.current.version ?? null });

  // What the form starts from, until `reset` or `load` replaces it: TanStack would otherwise
  // put an untouched form back to the defaults of the latest render.
  const [defaults, setDefaults] = useState(options.defaultValues);
  const form = useForm({
    defaultValues: defaults,
    // Quiet until the first attempt, then each field is checked again as the user leaves it.
    validationLogic: revalidateLogic({ mode: "submit", modeAfterSubmission: "blur" }),
    // A second attempt after a failed one must validate again, not be refused unseen.
    canSubmitWhenInvalid: true,
    validators: {
      onDynamic: ({ value }) => {
        const checked = latest.current.check(value, context());
        if (checked.ok) return undefined;
        const { fields, other } = distribute(checked.problems, keys());
        return { form: other.length > 0 ? other.join(" ") : undefined, fields };
      },
    },
    onSubmitInvalid: () => setFocusRequest((count) => count + 1),
    onSubmit: async ({ value }) => {
      const submitContext = context();
      const checked = latest.current.check(value, submitContext);
      if (!checked.ok) return;
      try {
        await latest.current.save(checked.input, submitContext);
      } catch (error) {
        if (latest.current.onSaveError?.(error)) return;
        showServerError(error);
      }
    },
  });

  /** A failed save: field problems beside their fields, anything else in the form's alert. */
  function showServerError(error: unknown) {
    const problems: Problem[] =
      errorCodeOf(error) === "BAD_REQUEST"
        ? Object.entries(fieldErrorsOf(error)).flatMap(([path, messages]) => messages.map((message): Problem => [path, message]))
        : [];
    const { fields, other } = distribute(problems, keys());
    for (const [key, message] of Object.entries(fields)) {
      form.setFieldMeta(key as never, (meta) => {
        // A field the user never touched has no meta yet.
        const base = (meta as typeof meta | undefined) ?? (UNTOUCHED as typeof meta);
        return { ...base, errorMap: { ...base.errorMap, onServer: message } };
      });
    }
    const onlyFields = Object.keys(fields).length > 0 && other.length === 0;
    const message = other.length > 0 ? other.join(" ") : messageOf(error);
    setServerMessage(onlyFields ? null : latest.current.reassure === false ? message : `${message} ${KEEP}`);
    setFocusRequest((count) => count + 1);
  }

  // After a failed attempt, focus goes to the first field that needs attention (or the message).
  useEffect(() => {
    if (focusRequest === 0) return;
    const element = formRef.current;
    const target = element?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? element?.querySelector<HTMLElement>("[data-form-alert]");
    target?.focus();
  }, [focusRequest]);

  const values = useStore(form.store, (state) => state.values);
  const fieldMeta = useStore(form.store, (state) => state.fieldMeta as Record<string, { errors: unknown[] } | undefined>);
  const validatorMessage = useStore(form.store, (state) => {
    const message: unknown = state.errorMap.onDynamic;
    return typeof message === "string" ? message : null;
  });
  const busy = useStore(form.store, (state) => state.isSubmitting);
  const attempts = useStore(form.store, (state) => state.submissionAttempts);

  /** This field's message, if it has one: the first problem to fix. */
  const errorsFor = (key: string): string[] | undefined => {
    const message = fieldMeta[key]?.errors.find((error): error is string => typeof error === "string");
    return message ? [message] : undefined;
  };
  const invalidCount = Object.keys(fieldMeta).filter((key) => errorsFor(key) !== undefined).length;

  /** Forgets the messages of these fields: the user is changing them. */
  const clear = (...fieldKeys: string[]) => {
    for (const key of fieldKeys) {
      if (fieldMeta[key]?.errors.length) form.setFieldMeta(key as never, (meta) => ({ ...meta, errorMap: {}, errorSourceMap: {} }));
    }
  };

  /** Changes one value; its message goes until the field is checked again. */
  const set = <K extends keyof Values & string>(key: K, value: Values[K]) => {
    form.setFieldValue(key as never, value as never, { dontValidate: true });
    clear(key);
  };

  /** The user left a field: after the first attempt, check the form again. */
  const blur = (key: keyof Values & string) => {
    void form.validateField(key as never, "blur");
  };

  /**
   * Submits once: a second click (or Enter) while a save is in flight does
   * nothing, and the id made once makes even a retried request harmless.
   * `version` saves over a newer version (a conflict's "overwrite with mine").
   */
  const submit = (event?: FormEvent<HTMLFormElement>, override?: { version: number }) => {
    event?.preventDefault();
    if (inFlight.current || (latest.current.paused && !override)) return;
    inFlight.current = true;
    versionOverride.current = override?.version ?? null;
    setServerMessage(null);
    void form.handleSubmit().finally(() => {
      inFlight.current = false;
      versionOverride.current = null;
    });
  };

  /** Starts again with these values (or the defaults); a new record gets a new id. */
  const reset = (next?: Values) => {
    if (next) setDefaults(next);
    form.reset(next);
    setServerMessage(null);
    if (latest.current.recordId === undefined) setId(newRecordId());
  };

  /** Puts values in the form without starting a new record (a conflict's "use theirs"). */
  const load = (next: Values) => {
    setDefaults(next);
    form.reset(next);
    setServerMessage(null);
  };

  /** A problem in the form's own words, in its alert (nothing was saved). */
  const showMessage = (message: string) => {
    setServerMessage(message);
    setFocusRequest((count) => count + 1);
  };

  /** Props for a text-like input bound to one string value. */
  const text = <K extends keyof Values & string>(key: K) => ({
    value: values[key] as string,
    onChange: (event: { target: { value: string } }) => set(key, event.target.value as Values[K]),
    onBlur: () => blur(key),
    errors: errorsFor(key),
  });

  return {
    form,
    id,
    formRef,
    values,
    set,
    blur,
    clear,
    text,
    errorsFor,
    /** The message for the form's alert: what failed that is not about one field. */
    formError: serverMessage ?? validatorMessage,
    /** How many fields have a message, for the alert's pointer to them. */
    invalidCount,
    busy,
    /** How many times Save was tried, for summaries that speak up after each attempt. */
    attempts,
    submit,
    reset,
    load,
    showMessage,
    showServerError,
  };
}

export type RecordForm<Values extends object, Input> = ReturnType<typeof useRecordForm<Values, Input>>;

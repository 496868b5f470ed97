import { AsyncLocalStorage } from "node:async_hooks";
import { initTRPC, TRPCError } from "@trpc/server";
import { setClockSource } from "@wave/shared";
import { ZodError } from "zod";
import { systemClock, type CallScope, type Context } from "./context.js";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "./database-errors.js";
import { FieldRuleError, VersionConflict } from "./errors.js";

/** Field path -> messages, for the client to show next to each field. */
export type FieldErrors = Record<string, string[]>;

function fieldErrorsOf(error: ZodError): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? issue.path.join(".") : "(input)";
    (fieldErrors[field] ??= []).push(issue.message);
  }
  return fieldErrors;
}

/**
 * What the user is told about an error: field by field for invalid input, a
 * plain apology (never internals) for a failure of ours, else the message the
 * procedure chose.
 */
export function describeError(error: TRPCError): { message: string; fieldErrors: FieldErrors | null } {
  if (error.cause instanceof ZodError) {
    const fieldErrors = fieldErrorsOf(error.cause);
    const message = Object.entries(fieldErrors)
      .map(([field, messages]) => `${field}: ${messages.join(", ")}`)
      .join("; ");
    return { message, fieldErrors };
  }
  if (error.cause instanceof FieldRuleError) {
    return { message: error.cause.message, fieldErrors: { [error.cause.field]: [error.cause.reason] } };
  }
  if (error.code === "INTERNAL_SERVER_ERROR") {
    // The log has the detail under the request id.
    return { message: "Something went wrong on our side. Please try again; if it keeps happening, contact support.", fieldErrors: null };
  }
  return { message: error.message, fieldErrors: null };
}

/**
 * The database being away, as the retryable SERVICE_UNAVAILABLE (HTTP 503,
 * with Retry-After set in app.ts) that it is; null for any other error. A
 * code a procedure chose itself (CONFLICT, NOT_FOUND...) is kept.
 */
export function serviceUnavailableFrom(error: unknown): TRPCError | null {
  if (error instanceof TRPCError) {
    if (error.code === "SERVICE_UNAVAILABLE") return error;
    if (error.code !== "INTERNAL_SERVER_ERROR") return null;
  }
  const cause = error instanceof TRPCError ? error.cause : error;
  if (!isDatabaseUnavailable(cause)) return null;
  return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: DATABASE_UNAVAILABLE_MESSAGE, cause });
}

const t = initTRPC.context<Context>().create({
  // Stack traces never leave the server.
  isDev: false,
  errorFormatter({ shape, error }) {
    const { message, fieldErrors } = describeError(error);
    // A version conflict carries the record as it is now, for the user to compare.
    const conflict =
      error.cause instanceof VersionConflict ? { entity: error.cause.entity, current: error.cause.current } : null;
    return {
      ...shape,
      message,
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, fieldErrors, conflict },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

// The shared schemas' "now" is the calling request's clock (ctx.now: the app's
// `options.now`, or a test's), so a server started with a fixed clock
// validates dates against it. Outside a request, and in a request on the
// machine's clock (systemClock), it is the machine's clock. Only a request
// on a clock of its own enters the AsyncLocalStorage: once entered, it hooks
// every promise the process makes from then on (Node 20), which a server on
// the machine's clock never needs to pay (docs/decisions/0035).
const requestClock = new AsyncLocalStorage<() => Date>();
setClockSource(() => (requestClock.getStore() ?? systemClock)());

/**
 * Every procedure is built on this: a lost or unreachable database answers 503, never 500.
 * The named builders that say who may call (procedures.ts) all start here.
 */
export const baseProcedure = t.procedure.use(({ ctx, next }) =>
  // Input is parsed inside next(), so within this request's clock.
  ctx.now === systemClock ? runCall(ctx, next) : requestClock.run(ctx.now, () => runCall(ctx, next)),
);

/**
 * One procedure call on the request's connection, with the call's own
 * database handles (RequestConnection.call) in its context.
 */
async function runCall<R extends { ok: boolean; error?: unknown }>(
  ctx: Context,
  next: (options?: { ctx: CallScope }) => Promise<R>,
): Promise<R> {
  let result: R;
  try {
    // The call's one transaction is committed before its answer is built.
    result = await ctx.connection.call((scope) => (scope ? next({ ctx: scope }) : next()), (answer) => answer.ok);
  } catch (error) {
    // Its commit failed: the database's outage is a 503 here too.
    throw serviceUnavailableFrom(error) ?? error;
  }
  if (!result.ok) {
    const unavailable = serviceUnavailableFrom(result.error);
    if (unavailable && unavailable !== result.error) throw unavailable;
  }
  return result;
}

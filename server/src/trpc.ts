import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import type { Context } from "./context.js";
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

/** Every procedure is built on this: a lost or unreachable database answers 503, never 500. */
const baseProcedure = t.procedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const unavailable = serviceUnavailableFrom(result.error);
    if (unavailable && unavailable !== result.error) throw unavailable;
  }
  return result;
});

/** Anyone, signed in or not. Only sign-in uses it. */
export const publicProcedure = baseProcedure;

/**
 * A valid session, even one signed in with a temporary password: only for
 * auth.me, auth.logout, auth.changePassword, auth.sessions and
 * auth.endSession (a suspicious session can be ended at once). Resolvers see a non-null user.
 */
export const sessionProcedure = baseProcedure.use(({ ctx, next }) => {
  if (!ctx.session) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in to continue." });
  }
  const { user } = ctx.session;
  return next({
    ctx: { ...ctx, session: ctx.session, user, actor: { userId: user.id, practiceId: user.practiceId, role: user.role } },
  });
});

/** A valid session whose temporary password has been replaced: every other procedure. */
export const authedProcedure = sessionProcedure.use(({ ctx, next }) => {
  if (ctx.user.mustChangePassword) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Choose a new password before continuing: yours was temporary." });
  }
  return next();
});

/** Signed in with the given role; fails closed for every other role. */
export function roleProcedure(role: "lead") {
  return authedProcedure.use(({ ctx, next }) => {
    if (ctx.user.role !== role) {
      throw new TRPCError({ code: "FORBIDDEN", message: `Only a practice ${role} can do this.` });
    }
    return next();
  });
}

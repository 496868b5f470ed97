import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import type { Context } from "./context.js";

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

const t = initTRPC.context<Context>().create({
  // Stack traces never leave the server.
  isDev: false,
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    const fieldErrors = zodError ? fieldErrorsOf(zodError) : null;
    let message = shape.message;
    if (fieldErrors) {
      message = Object.entries(fieldErrors)
        .map(([field, messages]) => `${field}: ${messages.join(", ")}`)
        .join("; ");
    } else if (error.code === "INTERNAL_SERVER_ERROR") {
      // Never SQL or internals: the log has the detail under the request id.
      message = "Something went wrong on our side. Please try again; if it keeps happening, contact support.";
    }
    return { ...shape, message, data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, fieldErrors } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** Anyone, signed in or not. Only sign-in uses it. */
export const publicProcedure = t.procedure;

/** A valid session is required; resolvers see a non-null user and actor. */
export const authedProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.session) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in to continue." });
  }
  const { user } = ctx.session;
  return next({
    ctx: { ...ctx, session: ctx.session, user, actor: { userId: user.id, practiceId: user.practiceId, role: user.role } },
  });
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

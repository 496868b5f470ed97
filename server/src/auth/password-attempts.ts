import type { TRPCError } from "@trpc/server";
import type { Context } from "../context.js";
import { FieldRuleError } from "../errors.js";
import { tryAgainIn } from "./attempt-limits.js";

type Next<R> = () => Promise<R & ({ ok: true } | { ok: false; error: TRPCError })>;

/**
 * Runs a procedure that checks a password as one counted attempt
 * (attempt-limits.ts). It runs where tRPC has already resolved the procedure
 * and parsed its input, so every spelling of the path and every call of a
 * batch is one attempt, and an input refused by its schema is none.
 * Anything but a wrong password (the database away, say) is handed back.
 */
export async function asCountedAttempt<R>(
  ctx: Context,
  attempt: { account: string; wrongPassword: (error: TRPCError) => boolean; refusal: string },
  next: Next<R>,
) {
  const counted = await ctx.attemptLimiter.admit(
    { account: attempt.account, address: ctx.origin.address },
    (minutes) => `${attempt.refusal} ${tryAgainIn(minutes)}`,
  );
  const result = await next();
  if (result.ok || !attempt.wrongPassword(result.error)) await counted.succeeded();
  else ctx.log.info({ event: "password_attempt_failed" }, "wrong password counted");
  return result;
}

export const wrongSignIn = (error: TRPCError): boolean => error.code === "UNAUTHORIZED";
export const wrongCurrentPassword = (error: TRPCError): boolean =>
  error.cause instanceof FieldRuleError && error.cause.field === "currentPassword";

import { TRPCError } from "@trpc/server";
import { withTransactionLimits } from "@wave/db";
import { ClientIdInput, SelfReportStatusInput } from "@wave/shared";
import { requireClient } from "./clients/client-access.js";
import type { SessionCookie } from "./context.js";
import { hashLinkToken } from "./self-report/self-report.service.js";
import { baseProcedure } from "./trpc.js";

// Every procedure builder, in one place: each says who may call it and fails
// closed for everyone else (HOUSE-RULES habit 3). The checks they call live
// beside their domain (clients/client-access.ts, heavy-procedure.ts,
// self-report/self-report.limits.ts); tRPC itself and the error shape are in trpc.ts.

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

/** A practice lead: staff, settings, the audit log. */
export const leadProcedure = roleProcedure("lead");

/** Signed in, and allowed to see the client named by `clientId` in the input. */
export const clientProcedure = authedProcedure.input(ClientIdInput).use(async ({ ctx, input, next }) => {
  const client = await requireClient(ctx.db, ctx.actor, input.clientId);
  return next({ ctx: { ...ctx, client } });
});

/** A lead, acting on a client of their practice (reassignment). */
export const leadClientProcedure = leadProcedure.input(ClientIdInput).use(async ({ ctx, input, next }) => {
  const client = await requireClient(ctx.db, ctx.actor, input.clientId);
  return next({ ctx: { ...ctx, client } });
});

/**
 * A lead's heavy, practice-wide read: bounded per process by the context's
 * limiter (heavy-procedure.ts), its transactions under the longer analytics
 * statement timeout (docs/decisions/0016); it reads from the replica when
 * one is configured (ctx.readDb, docs/decisions/0028).
 */
export const heavyLeadProcedure = leadProcedure.use(({ ctx, next }) => {
  const limits = { statementTimeoutMs: ctx.heavyWork.statementTimeoutMs };
  return ctx.heavyWork.run(ctx.connection, () =>
    next({ ctx: { db: withTransactionLimits(ctx.db, limits), readDb: ctx.readDb && withTransactionLimits(ctx.readDb, limits) } }),
  );
});

/** A public call sets no cookie, whatever its resolver tried. */
const NO_SESSION_COOKIE: SessionCookie = { set: () => undefined, clear: () => undefined };

/**
 * The holder of a self-report link: the token in the input is the only
 * credential. The session is never read (createContext does not even look
 * one up for a request of link calls only) and is masked here for a
 * batch that mixes in a staff call. Every call counts against its address
 * before any database work.
 */
export const linkProcedure = publicProcedure.input(SelfReportStatusInput).use(async ({ ctx, input, next }) => {
  await ctx.selfReportLimiter.admitCall(ctx.origin.address);
  return next({ ctx: { session: null, sessionCookie: NO_SESSION_COOKIE, linkTokenHash: hashLinkToken(input.token) } });
});

/** A submission through the link: counted against the link as well. */
export const linkSubmissionProcedure = linkProcedure.use(async ({ ctx, next }) => {
  await ctx.selfReportLimiter.admitSubmission(ctx.linkTokenHash);
  return next();
});

import { SelfReportStatusInput } from "@wave/shared";
import type { SessionCookie } from "../context.js";
import { publicProcedure } from "../trpc.js";
import { hashLinkToken } from "./self-report.service.js";

/** A public call sets no cookie, whatever its resolver tried. */
const NO_SESSION_COOKIE: SessionCookie = { set: () => undefined, clear: () => undefined };

/**
 * The holder of a self-report link: the token in the input is the only
 * credential. The session is never read (createContext does not even look
 * one up for a request of link calls only, app.ts) and is masked here for a
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

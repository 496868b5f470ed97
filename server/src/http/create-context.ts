import { randomUUID } from "node:crypto";
import type { CreateExpressContextOptions } from "@trpc/server/adapters/express";
import type { AnyProcedure } from "@trpc/server";
import { resolveSession } from "../auth/auth.service.js";
import { createContextInner, type ContextInner, type Session } from "../context.js";
import { onlyLinkHolderCalls } from "../self-report/self-report.router.js";
import { serviceUnavailableFrom } from "../trpc.js";
import { requestDatabaseOf } from "./request-connection.js";
import { requestOriginOf } from "./request-origin.js";
import { expressSessionCookie, readSessionToken } from "./session-cookie.js";

/** What createApp shares between its requests: one of each per app, which is one per process outside tests. */
export type AppServices = Pick<ContextInner, "heavyWork" | "attemptLimiter" | "selfReportLimiter" | "log" | "now" | "readDb"> & {
  smallCellThreshold?: number | undefined;
};

/** The adapter's options, with the calls of a batch as tRPC resolved them. */
type RequestOptions = Pick<CreateExpressContextOptions, "req" | "res"> & {
  info: { calls: readonly { procedure: AnyProcedure | null }[] };
};

/**
 * The Express-facing half of the context (createContextInner is the other):
 * a request id, the session behind the cookie, the request's database handle
 * (http/request-connection.ts) and who is calling. A request of self-report
 * link calls only is no session: a staff cookie sent along is neither read
 * nor touched.
 */
export async function createContext(services: AppServices, { req, res, info }: RequestOptions): Promise<ContextInner> {
  const requestId = randomUUID();
  res.setHeader("X-Request-Id", requestId);
  const linkHolderOnly = onlyLinkHolderCalls(info.calls);
  const token = linkHolderOnly ? null : readSessionToken(req);
  // The session lookup, the access check and the work all use this request's handle.
  const request = requestDatabaseOf(res);
  if (!request) throw new Error("requestConnection is not mounted before tRPC");
  let session: Session | null = null;
  try {
    session = token ? await resolveSession(request.db, token, services.now()) : null;
  } catch (error) {
    // The session lookup is the first query of most requests: its outage is a 503 too.
    throw serviceUnavailableFrom(error) ?? error;
  }
  return createContextInner({
    db: request.db,
    readDb: services.readDb,
    connection: request.connection,
    heavyWork: services.heavyWork,
    attemptLimiter: services.attemptLimiter,
    selfReportLimiter: services.selfReportLimiter,
    session,
    log: services.log.child({ requestId }),
    ...(linkHolderOnly ? {} : { sessionCookie: expressSessionCookie(req, res) }),
    now: services.now,
    origin: requestOriginOf(req),
    ...(services.smallCellThreshold ? { settings: { smallCellThreshold: services.smallCellThreshold } } : {}),
  });
}

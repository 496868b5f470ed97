import { TRPCError } from "@trpc/server";
import { formatISO, subDays } from "date-fns";
import type { Kysely } from "kysely";
import { assumeActor, withCredential, type Database } from "@wave/db";
import type { Role } from "@wave/shared";
import { insertSession } from "./auth/auth.repository.js";
import { resolveSession } from "./auth/auth.service.js";
import { hashSessionToken, newSessionToken, SESSION_ABSOLUTE_TIMEOUT_MS } from "./auth/session-token.js";
import { createContextInner, type RequestConnection, type Session } from "./context.js";
import { pinnedRequestDatabase } from "./http/request-connection.js";
import { createLogger } from "./logger.js";
import { appRouter } from "./router.js";
import { createCallerFactory, describeError } from "./trpc.js";

export { SESSION_COOKIE } from "./http/session-cookie.js";
export { pinnedRequestDatabase } from "./http/request-connection.js";
// The HTTP pieces the benchmark's stack floor is built from (tests/bench/stack-floor-app.ts).
export { compressResponses } from "./http/compression.js";
export { trpcHandler } from "./http/trpc-handler.js";

// Test helpers: callers built the way a request builds them, without HTTP.
const createCaller = createCallerFactory(appRouter);
const silentLog = createLogger("silent");

export type Caller = ReturnType<typeof createCaller>;

export function callerWithSession(
  db: Kysely<Database>,
  session: Session | null,
  options: { now?: () => Date; smallCellThreshold?: number; connection?: RequestConnection } = {},
): Caller {
  return createCaller(
    createContextInner({
      db,
      session,
      ...(options.connection ? { connection: options.connection } : {}),
      log: silentLog,
      ...(options.now ? { now: options.now } : {}),
      ...(options.smallCellThreshold ? { settings: { smallCellThreshold: options.smallCellThreshold } } : {}),
    }),
  );
}

export function anonymousCaller(db: Kysely<Database>): Caller {
  return callerWithSession(db, null);
}

/** Signs in through auth.login, exactly as the browser does, and returns the token the cookie would hold. */
export async function signInToken(db: Kysely<Database>, email: string, password: string): Promise<string> {
  let token: string | undefined;
  const caller = createCaller(
    createContextInner({
      db,
      session: null,
      log: silentLog,
      sessionCookie: { set: (value) => (token = value), clear: () => undefined },
    }),
  );
  await caller.auth.login({ email, password });
  if (!token) throw new Error("auth.login set no session cookie");
  return token;
}

/**
 * A session for the user as auth.login starts one, without the password
 * check: browser tests set the returned token as the session cookie instead
 * of signing in through the form every time.
 */
export async function startTestSession(
  db: Kysely<Database>,
  user: { id: string; practiceId: string; role: Role },
  now = new Date(),
): Promise<string> {
  const token = newSessionToken();
  const tokenHash = hashSessionToken(token);
  await withCredential(db, { sessionTokenHash: tokenHash }, async (tx) => {
    await assumeActor(tx, { userId: user.id, practiceId: user.practiceId, role: user.role });
    await insertSession(tx, {
      practiceId: user.practiceId,
      userId: user.id,
      tokenHash,
      now,
      expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_TIMEOUT_MS),
      userAgent: null,
    });
  });
  return token;
}

/**
 * A caller for the session behind `token`, looked up now as each request's
 * context looks it up (http/create-context.ts): the benchmark's floor
 * captures this lookup with the procedure's own statements.
 */
export async function callerForToken(
  db: Kysely<Database>,
  token: string,
  options: { now?: () => Date; smallCellThreshold?: number } = {},
): Promise<Caller> {
  const session = await resolveSession(db, token, new Date());
  if (!session) throw new Error("the session did not resolve");
  return callerWithSession(db, session, options);
}

/**
 * One request as the app runs it on a Postgres server: its own pinned
 * connection, the session lookup and the procedure in one transaction
 * (http/request-connection.ts). Call `end` once the call has answered.
 */
export async function pinnedRequestForToken(db: Kysely<Database>, token: string): Promise<{ caller: Caller; end: () => void }> {
  const request = pinnedRequestDatabase(db);
  try {
    const session = await resolveSession(request.db, token, new Date());
    if (!session) throw new Error("the session did not resolve");
    return { caller: callerWithSession(request.db, session, { connection: request.connection }), end: request.end };
  } catch (error) {
    request.end();
    throw error;
  }
}

/** A caller signed in as the given user. */
export async function signedInCaller(
  db: Kysely<Database>,
  email: string,
  password: string,
  options: { now?: () => Date; smallCellThreshold?: number } = {},
): Promise<Caller> {
  return callerForToken(db, await signInToken(db, email, password), options);
}

/** "OK" when the call succeeds, else the tRPC error code it answered with. */
export async function outcomeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

/** The message a user would see for a failed call (as the API formats it), or "OK". */
export async function userMessageOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return describeError(error).message;
    throw error;
  }
}

/**
 * What a consultant records for a moderate episode a minute ago: every field
 * of episodes.create but `id` and `clientId`, valid, with the self-harm
 * question answered no. Tests override what they are about.
 */
export function episodeFields() {
  return {
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    intensity: 5,
    types: ["anxiety" as const],
    context: "nursing" as const,
    letDown: "first" as const,
    durationSeconds: 60,
    impact: "none" as const,
    selfHarmThoughts: false,
    ratedAfterEducation: true,
  };
}

/**
 * The calendar day `days` before now (YYYY-MM-DD): birth dates and ranges in
 * tests stay inside rules that read the clock ("within the last 3 years")
 * however long the tests outlive the year they were written in.
 */
export function isoDateDaysAgo(days: number, now = new Date()): string {
  return formatISO(subDays(now, days), { representation: "date" });
}

import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WaveDatabase } from "@wave/db";
import { createTestPractice, openTestDatabase, TEST_PASSWORD, type TestPractice, type TestUser } from "@wave/db/testing";
import { appRouter, createApp, createLogger } from "@wave/server";
import { outcomeOf, userMessageOf } from "@wave/server/testing";
import { resolveSession } from "../../server/src/auth/auth.service.js";
import { hashSessionToken, SESSION_ABSOLUTE_TIMEOUT_MS, SESSION_IDLE_TIMEOUT_MS } from "../../server/src/auth/session-token.js";
import { createContextInner } from "../../server/src/context.js";
import { SESSION_COOKIE } from "../../server/src/http/session-cookie.js";
import { createCallerFactory } from "../../server/src/trpc.js";
import { listen } from "../support/listen";

// auth.sessions and auth.endSession: a user sees the sessions signed in as
// them, and ends one (a browser left signed in elsewhere) without touching
// anyone else's.
const createCaller = createCallerFactory(appRouter);
const log = createLogger("silent");
const MINUTE = 60_000;

let database: WaveDatabase;
let practice: TestPractice;
let otherPractice: TestPractice;

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "Sessions");
  otherPractice = await createTestPractice(database.db, "Sessions other");
});
afterAll(() => database.close());

/** Signs in through auth.login at `at`, from a browser describing itself as `userAgent`; the cookie's token. */
async function signIn(user: TestUser, userAgent: string | null, at = new Date()): Promise<string> {
  let token: string | undefined;
  const caller = createCaller(
    createContextInner({
      db: database.db,
      session: null,
      log,
      now: () => at,
      origin: { address: "192.0.2.10", userAgent, baseUrl: "http://localhost" },
      sessionCookie: { set: (value) => (token = value), clear: () => undefined },
    }),
  );
  await caller.auth.login({ email: user.email, password: TEST_PASSWORD });
  if (!token) throw new Error("auth.login set no session cookie");
  return token;
}

/** A request made with the cookie `token` at `at`, as createContext builds it; `cookieCleared` tells whether it signed out. */
async function requestWith(token: string, at = new Date()) {
  const session = await resolveSession(database.db, token, at);
  if (!session) throw new Error("the session did not resolve");
  const cookie = { cleared: false };
  const caller = createCaller(
    createContextInner({
      db: database.db,
      session,
      log,
      now: () => at,
      sessionCookie: { set: () => undefined, clear: () => (cookie.cleared = true) },
    }),
  );
  return { caller, session, cookie };
}

async function sessionIdOf(token: string): Promise<string> {
  const row = await database.db
    .selectFrom("sessions")
    .select("id")
    .where("token_hash", "=", hashSessionToken(token))
    .executeTakeFirstOrThrow();
  return row.id;
}

async function stillWorks(token: string): Promise<boolean> {
  return (await resolveSession(database.db, token, new Date(), { touch: false })) !== null;
}

async function sessionEndedAudits(entityId: string) {
  return database.db
    .selectFrom("audit_log")
    .select(["practice_id", "actor_id", "entity", "entity_id", sql<string>`details::text`.as("details")])
    .where("action", "=", "auth.session_ended")
    .where("entity_id", "=", entityId)
    .execute();
}

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const CHROME =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

describe("auth.sessions", () => {
  it("lists only the caller's own working sessions, most recently active first, with the current one marked", async () => {
    // A lead: row-level security lets a lead reach every session of the practice, so this is the case that must still show only hers.
    const lead = practice.lead;
    const now = new Date();
    const here = await signIn(lead, FIREFOX, new Date(now.getTime() - 5 * MINUTE));
    const laptop = await signIn(lead, CHROME, new Date(now.getTime() - 2 * MINUTE));
    const noAgent = await signIn(lead, null, new Date(now.getTime() - 10 * MINUTE));
    const idle = await signIn(lead, CHROME, new Date(now.getTime() - SESSION_IDLE_TIMEOUT_MS - MINUTE));
    // Active a minute ago, but signed in more than 12 hours ago.
    const expired = await signIn(lead, CHROME, new Date(now.getTime() - SESSION_ABSOLUTE_TIMEOUT_MS - MINUTE));
    await database.db
      .updateTable("sessions")
      .set({ last_seen_at: new Date(now.getTime() - MINUTE) })
      .where("token_hash", "=", hashSessionToken(expired))
      .execute();
    await signIn(practice.consultants[0], FIREFOX, now);
    await signIn(otherPractice.lead, FIREFOX, now);

    const { caller, session } = await requestWith(here, now);
    const { rows } = await caller.auth.sessions();

    // This request counts as activity, so "here" is now the most recent.
    expect(rows).toEqual([
      {
        sessionId: session.id,
        createdAt: new Date(now.getTime() - 5 * MINUTE).toISOString(),
        lastSeenAt: now.toISOString(),
        expiresAt: new Date(now.getTime() - 5 * MINUTE + SESSION_ABSOLUTE_TIMEOUT_MS).toISOString(),
        userAgent: FIREFOX,
        current: true,
      },
      expect.objectContaining({ sessionId: await sessionIdOf(laptop), userAgent: CHROME, current: false }),
      expect.objectContaining({ sessionId: await sessionIdOf(noAgent), userAgent: null, current: false }),
    ]);
    expect(rows.map((row) => row.sessionId)).not.toContain(await sessionIdOf(idle));
    expect(rows.map((row) => row.sessionId)).not.toContain(await sessionIdOf(expired));
    const stored = await database.db.selectFrom("sessions").select("token_hash").where("user_id", "=", lead.id).execute();
    const answer = JSON.stringify(rows);
    for (const { token_hash } of stored) expect(answer).not.toContain(token_hash);
  });

  it("drops a session from the list the moment it goes idle, on the request's clock", async () => {
    const user = otherPractice.consultants[0];
    const start = new Date();
    const here = await signIn(user, FIREFOX, start);
    const quiet = await signIn(user, CHROME, start);
    const sessionIds = async (at: Date) => (await (await requestWith(here, at)).caller.auth.sessions()).rows.map((row) => row.sessionId);
    expect(await sessionIds(new Date(start.getTime() + SESSION_IDLE_TIMEOUT_MS - MINUTE))).toContain(await sessionIdOf(quiet));
    // "here" was just used; "quiet" has now been idle for the whole timeout.
    expect(await sessionIds(new Date(start.getTime() + SESSION_IDLE_TIMEOUT_MS))).not.toContain(await sessionIdOf(quiet));
  });

  it("keeps the user agent the browser sent at sign-in over HTTP", async () => {
    const app = createApp({ db: database.db, log, trustProxy: false });
    const { server, base } = await listen(app);
    try {
      const response = await fetch(`${base}/trpc/auth.login`, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": CHROME },
        body: JSON.stringify({ email: otherPractice.consultants[1].email, password: TEST_PASSWORD }),
      });
      expect(response.status).toBe(200);
      const cookie = response.headers.get("set-cookie")?.split(";")[0] ?? "";
      const listed = await fetch(`${base}/trpc/auth.sessions`, { headers: { cookie } });
      const body = (await listed.json()) as { result: { data: { rows: { userAgent: string | null; current: boolean }[] } } };
      expect(body.result.data.rows).toEqual([expect.objectContaining({ userAgent: CHROME, current: true })]);
    } finally {
      await closeServer(server);
    }
  });
});

describe("auth.endSession", () => {
  it("ends another of the caller's sessions: its cookie stops working, this one keeps working, and it is audited", async () => {
    const consultant = practice.consultants[0];
    const here = await signIn(consultant, FIREFOX);
    const forgotten = await signIn(consultant, CHROME);
    const forgottenId = await sessionIdOf(forgotten);
    const { caller, cookie } = await requestWith(here);

    expect(await caller.auth.endSession({ sessionId: forgottenId })).toEqual({ ended: true, signedOut: false });
    expect(await stillWorks(forgotten)).toBe(false);
    expect(await stillWorks(here)).toBe(true);
    expect(cookie.cleared).toBe(false);
    expect((await caller.auth.sessions()).rows.map((row) => row.sessionId)).not.toContain(forgottenId);
    expect(await sessionEndedAudits(forgottenId)).toEqual([
      { practice_id: practice.practiceId, actor_id: consultant.id, entity: "session", entity_id: forgottenId, details: '{"current": false}' },
    ]);
    // Ended already: now it is simply unknown.
    expect(await outcomeOf(caller.auth.endSession({ sessionId: forgottenId }))).toBe("NOT_FOUND");
  });

  it("answers NOT_FOUND, word for word as for an unknown id, for anyone else's session, and that session keeps working", async () => {
    const colleagues = await signIn(practice.consultants[1], CHROME);
    const consultants = await signIn(practice.consultants[0], CHROME);
    const otherPractices = await signIn(otherPractice.lead, CHROME);
    const { caller: anyCaller } = await requestWith(await signIn(practice.consultants[0], FIREFOX));
    const unknownMessage = await userMessageOf(anyCaller.auth.endSession({ sessionId: randomUUID() }));
    expect(unknownMessage).toMatch(/not one of yours/);

    // The lead's row-level security reaches the consultant's session: the service must still refuse it.
    const attempts: [TestUser, string][] = [
      [practice.consultants[0], colleagues],
      [practice.lead, consultants],
      [practice.lead, otherPractices],
      [otherPractice.consultants[0], consultants],
    ];
    for (const [user, target] of attempts) {
      const { caller } = await requestWith(await signIn(user, FIREFOX));
      const sessionId = await sessionIdOf(target);
      expect(await outcomeOf(caller.auth.endSession({ sessionId }))).toBe("NOT_FOUND");
      expect(await userMessageOf(caller.auth.endSession({ sessionId }))).toBe(unknownMessage);
      expect(await stillWorks(target)).toBe(true);
      expect(await sessionEndedAudits(sessionId)).toEqual([]);
    }
  });

  it("ends the current session: the answer says it signed out, the cookie is cleared and the token is dead", async () => {
    const consultant = otherPractice.consultants[0];
    const here = await signIn(consultant, FIREFOX);
    const { caller, session, cookie } = await requestWith(here);
    expect(await caller.auth.endSession({ sessionId: session.id })).toEqual({ ended: true, signedOut: true });
    expect(cookie.cleared).toBe(true);
    expect(await stillWorks(here)).toBe(false);
    expect(await sessionEndedAudits(session.id)).toEqual([expect.objectContaining({ actor_id: consultant.id, details: '{"current": true}' })]);
  });

  it("works for a user still on a temporary password, who may need to end a session at once", async () => {
    const temporary = await createTestPractice(database.db, "Sessions temporary");
    const user = temporary.consultants[0];
    await database.db.updateTable("users").set({ must_change_password: true }).where("id", "=", user.id).execute();
    const here = await signIn(user, FIREFOX);
    const suspicious = await signIn(user, CHROME);
    const { caller } = await requestWith(here);
    expect(await outcomeOf(caller.caseload.list())).toBe("FORBIDDEN");
    expect((await caller.auth.sessions()).rows).toHaveLength(2);
    expect(await caller.auth.endSession({ sessionId: await sessionIdOf(suspicious) })).toEqual({ ended: true, signedOut: false });
    expect(await stillWorks(suspicious)).toBe(false);
  });

  it("refuses a session id that is not a UUID, naming the field", async () => {
    const { caller } = await requestWith(await signIn(practice.consultants[1], FIREFOX));
    expect(await outcomeOf(caller.auth.endSession({ sessionId: "not-a-uuid" }))).toBe("BAD_REQUEST");
    expect(await userMessageOf(caller.auth.endSession({ sessionId: "not-a-uuid" }))).toMatch(/^sessionId: /);
  });

  it("signs the browser out over HTTP when it ends its own session", async () => {
    const app = createApp({ db: database.db, log, trustProxy: false });
    const { server, base } = await listen(app);
    try {
      const here = await signIn(practice.consultants[1], FIREFOX);
      const cookie = `${SESSION_COOKIE}=${here}`;
      const response = await fetch(`${base}/trpc/auth.endSession`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie },
        body: JSON.stringify({ sessionId: await sessionIdOf(here) }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("set-cookie")).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*Expires=Thu, 01 Jan 1970`));
      expect((await fetch(`${base}/trpc/auth.me`, { headers: { cookie } })).status).toBe(401);
    } finally {
      await closeServer(server);
    }
  });
});

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

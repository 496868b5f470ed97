import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sql, type Kysely } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withActor, withCredential, withTransactionLimits, type Actor, type Database, type WaveDatabase } from "@wave/db";
import { createTestPractice, openTestDatabase, TEST_ENV, TEST_PASSWORD, type TestPractice } from "@wave/db/testing";
import { createApp, createLogger, parseEnv, type AppOptions } from "@wave/server";

// Issue 8: every application transaction runs under a statement timeout and a
// lock timeout, so a stalled query or a held lock fails its request fast with
// a retryable 503 instead of holding it (and its connection) for as long as
// it lasts (docs/decisions/0016).

const serverUrl = process.env[TEST_ENV.serverUrl];

let database: WaveDatabase;
let practice: TestPractice;
let consultant: Actor;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "Timeouts");
  const user = practice.consultants[0];
  consultant = { userId: user.id, practiceId: user.practiceId, role: user.role };
});

afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  await database.close();
});

async function timeouts(db: Kysely<Database>): Promise<{ statement: string; lock: string }> {
  const result = await sql<{ statement: string; lock: string }>`
    select current_setting('statement_timeout') as statement, current_setting('lock_timeout') as lock`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error("no settings row");
  return row;
}

/** A connection of the test's own that holds a lock in an open transaction, as another process might. */
async function holdLock(statement: string): Promise<() => Promise<void>> {
  if (!serverUrl) throw new Error("holdLock needs the Postgres server");
  const holder = new pg.Client({ connectionString: serverUrl });
  await holder.connect();
  await holder.query("begin");
  await holder.query(statement);
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    await holder.query("rollback");
    await holder.end();
  };
  stops.push(release);
  return release;
}

async function sqlStateOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return "completed";
  } catch (error) {
    return typeof error === "object" && error !== null && "code" in error ? String(error.code) : String(error);
  }
}

describe("transaction timeouts", () => {
  it("sets the statement and lock timeouts on every transaction, for that transaction only", async () => {
    await database.db.connection().execute(async (connection) => {
      const before = await timeouts(connection);
      expect(await withActor(connection, consultant, timeouts)).toEqual({ statement: "5s", lock: "2s" });
      const configured = withTransactionLimits(connection, { statementTimeoutMs: 1_234, lockTimeoutMs: 567 });
      expect(await withActor(configured, consultant, timeouts)).toEqual({ statement: "1234ms", lock: "567ms" });
      expect(await withCredential(configured, { loginEmail: "someone@example.test" }, timeouts)).toEqual({
        statement: "1234ms",
        lock: "567ms",
      });
      // The longer analytics timeout rides on a handle derived from the request's.
      const analytics = withTransactionLimits(configured, { statementTimeoutMs: 15_000 });
      expect(await withActor(analytics, consultant, timeouts)).toEqual({ statement: "15s", lock: "567ms" });
      expect(await withActor(configured, consultant, timeouts, { limits: { lockTimeoutMs: 50 } })).toEqual({
        statement: "1234ms",
        lock: "50ms",
      });
      // The same connection, after those transactions: nothing stayed behind.
      expect(await timeouts(connection)).toEqual(before);
    });
  });

  it("reads the timeouts and the analytics bound from the environment, with defaults", () => {
    const defaults = parseEnv({});
    expect(defaults.transactionLimits).toEqual({ statementTimeoutMs: 5_000, lockTimeoutMs: 2_000 });
    expect(defaults.analytics).toEqual({ concurrency: 2, maxQueued: 30, statementTimeoutMs: 15_000 });
    const configured = parseEnv({
      DB_STATEMENT_TIMEOUT_MS: "750",
      DB_LOCK_TIMEOUT_MS: "250",
      DB_ANALYTICS_STATEMENT_TIMEOUT_MS: "30000",
      ANALYTICS_CONCURRENCY: "3",
      ANALYTICS_MAX_QUEUED: "0",
    });
    expect(configured.transactionLimits).toEqual({ statementTimeoutMs: 750, lockTimeoutMs: 250 });
    expect(configured.analytics).toEqual({ concurrency: 3, maxQueued: 0, statementTimeoutMs: 30_000 });
    expect(() => parseEnv({ DB_STATEMENT_TIMEOUT_MS: "soon" })).toThrow(/DB_STATEMENT_TIMEOUT_MS/);
  });

  // Embedded Postgres (PGlite) is one session in one thread: no other session
  // can hold a lock, and it has no timer to interrupt a running statement
  // (docs/decisions/0016), so these need a server.
  if (serverUrl) {
    it("cancels a statement that runs longer than the statement timeout, and the connection works on", async () => {
      await database.db.connection().execute(async (connection) => {
        const slow = withActor(connection, consultant, (tx) => sql`select pg_sleep(30)`.execute(tx), {
          limits: { statementTimeoutMs: 200 },
        });
        expect(await sqlStateOf(slow)).toBe("57014");
        expect(await withActor(connection, consultant, timeouts)).toEqual({ statement: "5s", lock: "2s" });
      });
    });

    it("gives up waiting for a lock held longer than the lock timeout", async () => {
      const release = await holdLock("lock table clients in access exclusive mode");
      const blocked = withActor(database.db, consultant, (tx) => tx.selectFrom("clients").select("id").execute(), {
        limits: { lockTimeoutMs: 200 },
      });
      expect(await sqlStateOf(blocked)).toBe("55P03");
      await release();
      expect(await withActor(database.db, consultant, (tx) => tx.selectFrom("clients").select("id").execute())).toHaveLength(2);
    });

    describe("over HTTP", () => {
      async function startApp(options: Partial<AppOptions>): Promise<string> {
        const app = createApp({ db: database.db, log: createLogger("silent"), trustProxy: false, databaseKind: "server", ...options });
        const server: Server = app.listen(0);
        await new Promise((resolve) => server.once("listening", resolve));
        stops.push(() => new Promise((resolve) => server.close(() => resolve())));
        return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      }

      async function clientById(base: string): Promise<{ status: number; retryAfter: string | null; body: string }> {
        const login = await fetch(`${base}/trpc/auth.login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: practice.consultants[0].email, password: TEST_PASSWORD }),
        });
        const cookie = login.headers.get("set-cookie")?.split(";")[0] ?? "";
        const input = encodeURIComponent(JSON.stringify({ clientId: practice.clients[0][0] }));
        const response = await fetch(`${base}/trpc/clients.byId?input=${input}`, { headers: { cookie } });
        return { status: response.status, retryAfter: response.headers.get("retry-after"), body: await response.text() };
      }

      for (const [limit, transactionLimits] of [
        ["lock timeout", { statementTimeoutMs: 5_000, lockTimeoutMs: 300 }],
        ["statement timeout", { statementTimeoutMs: 300, lockTimeoutMs: 20_000 }],
      ] as const) {
        it(`answers a request held past the ${limit} with a retryable 503 and a plain message`, async () => {
          const base = await startApp({ transactionLimits });
          const release = await holdLock("lock table clients in access exclusive mode");
          const held = await clientById(base);
          await release();
          expect(held.status).toBe(503);
          expect(Number(held.retryAfter)).toBeGreaterThan(0);
          const body = JSON.parse(held.body) as { error: { message: string; data: { code: string } } };
          expect(body.error.data.code).toBe("SERVICE_UNAVAILABLE");
          expect(body.error.message).toMatch(/try again/i);
          expect(held.body).not.toMatch(/canceling statement|lock timeout|relation|stack/i);
          expect((await clientById(base)).status).toBe(200);
        });
      }
    });
  }
});

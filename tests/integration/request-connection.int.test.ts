import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assumeLinkHolder, LINK_HOLDER_ROLE, withActor, withCredential, type Actor, type Database, type Tx, type WaveDatabase } from "@wave/db";
import { createTestPractice, openTestDatabase, TEST_ENV, TEST_PASSWORD, type TestPractice } from "@wave/db/testing";
import { createApp, createLogger, type AppOptions } from "@wave/server";
import { episodeFields, pinnedRequestDatabase, signedInCaller } from "@wave/server/testing";

// Issue 8: on a Postgres server each request holds one pooled connection for
// all its steps (session lookup, access check, work), a client that goes away
// gives it back, and the lead's heavy analytics wait their turn without
// holding one, so a consultant is never starved (docs/decisions/0016).

const serverUrl = process.env[TEST_ENV.serverUrl];
const ARTIFACTS = path.join(import.meta.dirname, "..", "artifacts");
const BOUND_MS = 15_000;

let database: WaveDatabase;
let practice: TestPractice;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "Pinned");
});

afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  await database.close();
});

interface App {
  base: string;
}

async function startApp(db: Kysely<Database>, options: Partial<AppOptions> = {}): Promise<App> {
  const app = createApp({ db, log: createLogger("silent"), trustProxy: false, ...options });
  const server: Server = app.listen(0);
  await new Promise((resolve) => server.once("listening", resolve));
  stops.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** An application pool of our own on the test server, counting every checkout ('acquire') and recording every statement. */
function countingPool(max: number): { db: Kysely<Database>; pool: pg.Pool; counts: { acquired: number }; statements: string[] } {
  if (!serverUrl) throw new Error("countingPool needs the Postgres server");
  const pool = new pg.Pool({
    connectionString: serverUrl,
    max,
    connectionTimeoutMillis: 10_000,
    // As openServerDatabase: dates stay YYYY-MM-DD strings, counts are numbers.
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") => {
        if (oid === 1082) return (value: string) => value;
        if (oid === 20) return (value: string) => Number(value);
        return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
      }) as typeof pg.types.getTypeParser,
    },
  });
  const counts = { acquired: 0 };
  pool.on("acquire", () => (counts.acquired += 1));
  pool.on("error", () => undefined);
  const statements: string[] = [];
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => void statements.push(event.query.sql.trim()),
  });
  stops.push(() => db.destroy());
  return { db, pool, counts, statements };
}

async function signIn(app: App, email: string): Promise<string> {
  const response = await fetch(`${app.base}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  expect(response.status).toBe(200);
  return response.headers.get("set-cookie")?.split(";")[0] ?? "";
}

interface Answer {
  status: number;
  retryAfter: string | null;
  body: unknown;
}

async function answer(response: Response): Promise<Answer> {
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: await response.json() };
}

function query(app: App, cookie: string, procedure: string, input?: unknown, signal?: AbortSignal): Promise<Answer> {
  const search = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return fetch(`${app.base}/trpc/${procedure}${search}`, { headers: { cookie }, ...(signal ? { signal } : {}) }).then(answer);
}

function mutation(app: App, cookie: string, procedure: string, input: unknown): Promise<Answer> {
  return fetch(`${app.base}/trpc/${procedure}`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify(input),
  }).then(answer);
}

/** Several procedures in one HTTP request, as the browser's batch link sends them. */
function batch(app: App, cookie: string, calls: [string, unknown][]): Promise<Answer> {
  const input = Object.fromEntries(calls.map(([, value], index) => [String(index), value]));
  const paths = calls.map(([procedure]) => procedure).join(",");
  return fetch(`${app.base}/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { cookie } }).then(
    answer,
  );
}

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + BOUND_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${BOUND_MS} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Backends of the test database waiting for a lock (not counting `except`). */
async function lockWaiters(except: number): Promise<number> {
  const result = await sql<{ waiting: number }>`
    select count(*)::int as waiting from pg_stat_activity
     where datname = current_database() and wait_event_type = 'Lock' and pid <> ${except}`.execute(database.db);
  return result.rows[0]?.waiting ?? 0;
}

/** A connection of the test's own that takes a lock in an open transaction, as another process might. */
async function holdLock(statement: string): Promise<{ pid: number; release: () => Promise<void> }> {
  if (!serverUrl) throw new Error("holdLock needs the Postgres server");
  const holder = new pg.Client({ connectionString: serverUrl });
  await holder.connect();
  const { rows } = await holder.query<{ pid: number }>("select pg_backend_pid() as pid");
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
  return { pid: rows[0]?.pid ?? 0, release };
}

/** Tracks whether a request has answered yet. */
function tracked<T>(work: Promise<T>): { done: () => boolean; result: Promise<T> } {
  let settled = false;
  const result = work.finally(() => (settled = true));
  return { done: () => settled, result };
}

const tomorrow = () => new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString();
const quarter = () => ({
  from: new Date(Date.now() - 91 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10),
  to: new Date().toISOString().slice(0, 10),
});

// A Postgres server only: embedded Postgres has one connection, never pinned (request-connection.ts).
if (serverUrl) {
  describe("one connection per request", () => {
    it("checks out one pooled connection per request on a server: session lookup, access check and work share it", async () => {
      const { db, counts } = countingPool(4);
      const pinned = await startApp(db, { databaseKind: "server" });
      // The same app without pinning: how every request ran before, a checkout per transaction.
      const unpinned = await startApp(db);
      const consultant = practice.consultants[0];
      const clientId = practice.clients[0][0];

      const requests: Record<string, (app: App, cookie: string) => Promise<Answer>> = {
        "caseload.list": (app, cookie) => query(app, cookie, "caseload.list"),
        "clients.byId": (app, cookie) => query(app, cookie, "clients.byId", { clientId }),
        "followUps.schedule": (app, cookie) => mutation(app, cookie, "followUps.schedule", { clientId, dueAt: tomorrow() }),
        "caseload.list + clients.byId + alerts.list (one batch)": (app, cookie) =>
          batch(app, cookie, [
            ["caseload.list", {}],
            ["clients.byId", { clientId }],
            ["alerts.list", {}],
          ]),
      };
      const figures: Record<string, { before: number; after: number }> = {};
      for (const [name, request] of Object.entries(requests)) {
        const checkoutsOf = async (app: App) => {
          const cookie = await signIn(app, consultant.email);
          const before = counts.acquired;
          const response = await request(app, cookie);
          expect(response.status, name).toBe(200);
          return counts.acquired - before;
        };
        figures[name] = { before: await checkoutsOf(unpinned), after: await checkoutsOf(pinned) };
      }

      for (const [name, { after }] of Object.entries(figures)) expect(after, name).toBe(1);
      // Session lookup, access check, work: three checkouts without pinning (the measure works).
      expect(figures["clients.byId"]?.before).toBe(3);
      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(path.join(ARTIFACTS, "request-connection-server.json"), `${JSON.stringify({ checkoutsPerRequest: figures }, null, 2)}\n`);
    });

    it("runs a request in one transaction: the session check, the access check, the work and the audit row", async () => {
      const { db, statements } = countingPool(4);
      const app = await startApp(db, { databaseKind: "server" });
      const consultant = practice.consultants[0];
      const clientId = practice.clients[0][0];
      const cookie = await signIn(app, consultant.email);
      const requests: Record<string, () => Promise<Answer>> = {
        "caseload.list": () => query(app, cookie, "caseload.list"),
        "clients.byId": () => query(app, cookie, "clients.byId", { clientId }),
        "followUps.schedule": () => mutation(app, cookie, "followUps.schedule", { clientId, dueAt: tomorrow() }),
        "episodes.create": () => mutation(app, cookie, "episodes.create", { id: randomUUID(), clientId, ...episodeFields() }),
      };
      const shapes: Record<string, { status: number; transactions: number; commits: number; sessionLookedUp: boolean; audited: boolean }> = {};
      for (const [name, request] of Object.entries(requests)) {
        const first = statements.length;
        const response = await request();
        const ran = statements.slice(first);
        shapes[name] = {
          status: response.status,
          transactions: ran.filter((text) => /^start transaction\b/i.test(text)).length,
          commits: ran.filter((text) => /^commit$/i.test(text)).length,
          sessionLookedUp: ran.some((text) => /\bfrom "?sessions"?\s/.test(text)),
          audited: ran.some((text) => /insert into "audit_log"/.test(text)),
        };
      }
      const one = { status: 200, transactions: 1, commits: 1, sessionLookedUp: true, audited: true };
      expect(shapes).toEqual({ "caseload.list": one, "clients.byId": one, "followUps.schedule": one, "episodes.create": one });
    });

    it("sets a block's identity once per transaction: a block joining with the same settings sends none, and every block sees its own", async () => {
      const { db, statements } = countingPool(2);
      const request = pinnedRequestDatabase(db);
      const actorOf = (user: { id: string; practiceId: string; role: "consultant" | "lead" }): Actor => ({ userId: user.id, practiceId: user.practiceId, role: user.role });
      const consultant = actorOf(practice.consultants[0]);
      const lead = actorOf(practice.lead);
      const identity = (handle: Kysely<Database>, actor: Actor) => withActor(handle, actor, async (tx) => {
        const { rows } = await sql<{ user_id: string; role: string; db_role: string }>`
          select current_setting('wave.user_id') as user_id, current_setting('wave.role') as role, current_user as db_role`.execute(tx);
        return rows[0];
      });
      const seen: unknown[] = [];
      const first = statements.length;
      try {
        await request.connection.call(async (scope) => {
          // The call's statements go through its own handle, as a procedure's do (ctx.db).
          const callDb = scope?.db ?? request.db;
          seen.push(await identity(callDb, consultant)); // opens the transaction: sets up
          seen.push(await identity(callDb, consultant)); // joins with the same settings: none sent
          seen.push(await identity(callDb, lead)); // other settings: sent
          seen.push(await identity(callDb, consultant)); // back again: sent
          // A write, then the lead's block under a savepoint, which fails: rolled back to the savepoint, the consultant's settings hold again...
          await withActor(callDb, consultant, (tx) => tx.insertInto("audit_log").values({ practice_id: consultant.practiceId, actor_id: consultant.userId, action: "test.block", entity: "client" }).execute());
          await withActor(callDb, lead, () => Promise.reject(new Error("the block fails"))).catch(() => undefined);
          // ...so the lead's next block sets up again rather than trust the settings it sent last.
          seen.push(await identity(callDb, lead));
          // A SET of its own in a block, of a value the setup sets: the next block with the same settings sends them again.
          await withActor(callDb, lead, (tx) => sql`set local wave.role = 'consultant'`.execute(tx));
          seen.push(await identity(callDb, lead));
        }, () => true);
      } finally {
        request.end();
      }
      const ran = statements.slice(first);
      const setups = ran.filter((text) => /^select set_config\('role'/.test(text)).length;
      const mine = { user_id: consultant.userId, role: "consultant", db_role: "wave_app" };
      const leads = { user_id: lead.userId, role: "lead", db_role: "wave_app" };
      expect(seen).toEqual([mine, mine, leads, mine, leads, leads]);
      // Blocks: 9. Set up: the first, the lead's, the consultant's after it, the failing lead block's, the one after it and the one after the SET.
      expect({ setups, transactions: ran.filter((text) => /^start transaction\b/i.test(text)).length, rolledBackToSavepoint: ran.filter((text) => /^rollback to savepoint/.test(text)).length }).toEqual({ setups: 6, transactions: 1, rolledBackToSavepoint: 1 });
    });

    /** Every key a block sets (db/src/transaction.ts), as a block sees them. */
    const blockKeys = (tx: Tx) =>
      sql<Record<string, string>>`
        select current_setting('wave.user_id', true) as user_id, current_setting('wave.practice_id', true) as practice_id,
               current_setting('wave.role', true) as role, current_setting('wave.login_email', true) as login_email,
               current_setting('wave.session_token_hash', true) as session_token_hash,
               current_setting('wave.link_token_hash', true) as link_token_hash,
               current_setting('wave.client_id', true) as client_id, current_setting('wave.link_id', true) as link_id`
        .execute(tx)
        .then(({ rows }) => rows[0]);
    const noKeys = { user_id: "", practice_id: "", role: "", login_email: "", session_token_hash: "", link_token_hash: "", client_id: "", link_id: "" };

    /** Runs `blocks` in one call of one pinned request: on the server its blocks share the request's one transaction. */
    async function inOneCall<T>(blocks: (db: Kysely<Database>) => Promise<T>): Promise<T> {
      const request = pinnedRequestDatabase(countingPool(2).db);
      try {
        return await request.connection.call(async (scope) => {
          if (!scope) throw new Error("a pinned request gives each call its own handles");
          return blocks(scope.db);
        }, () => true);
      } finally {
        request.end();
      }
    }

    it("clears an earlier block's identity when a credential block joins the request's transaction", async () => {
      const user = practice.consultants[0];
      const consultant: Actor = { userId: user.id, practiceId: user.practiceId, role: "consultant" };
      const linkTokenHash = "0".repeat(64);
      // A staff block, then a self-report link's block in the same transaction (a batch of both).
      const seen = await inOneCall(async (db) => ({
        staff: await withActor(db, consultant, blockKeys),
        link: await withCredential(db, { linkTokenHash }, blockKeys),
      }));
      expect(seen).toEqual({
        staff: { ...noKeys, user_id: consultant.userId, practice_id: consultant.practiceId, role: "consultant" },
        link: { ...noKeys, link_token_hash: linkTokenHash },
      });
    });

    it("clears an earlier block's credential and link holder when a staff block joins the request's transaction", async () => {
      const user = practice.consultants[0];
      const consultant: Actor = { userId: user.id, practiceId: user.practiceId, role: "consultant" };
      const sessionTokenHash = "1".repeat(64);
      const linkTokenHash = "2".repeat(64);
      const holder = { practiceId: user.practiceId, clientId: randomUUID(), linkId: randomUUID() };
      // The session lookup's block, a self-report link's block, then a procedure's staff block: a batch of a link call and a staff call.
      const seen = await inOneCall(async (db) => ({
        lookup: await withCredential(db, { sessionTokenHash }, blockKeys),
        link: await withCredential(db, { linkTokenHash }, async (tx) => {
          await assumeLinkHolder(tx, holder);
          return blockKeys(tx);
        }),
        staff: await withActor(db, consultant, blockKeys),
      }));
      expect(seen).toEqual({
        lookup: { ...noKeys, session_token_hash: sessionTokenHash },
        link: { ...noKeys, link_token_hash: linkTokenHash, practice_id: holder.practiceId, role: LINK_HOLDER_ROLE, client_id: holder.clientId, link_id: holder.linkId },
        staff: { ...noKeys, user_id: consultant.userId, practice_id: consultant.practiceId, role: "consultant" },
      });
    });

    it("refuses a statement on the request's own handle while a call holds the transaction, rather than leave it waiting for that call", async () => {
      const { db } = countingPool(2);
      const request = pinnedRequestDatabase(db);
      const user = practice.consultants[0];
      const consultant: Actor = { userId: user.id, practiceId: user.practiceId, role: "consultant" };
      const selectOne = (handle: Kysely<Database>) => withActor(handle, consultant, (tx) => sql`select 1 as one`.execute(tx));
      try {
        const outcome = await request.connection.call(async (scope) => {
          if (!scope) throw new Error("a pinned request gives each call its own handles");
          await selectOne(scope.db); // the call holds the request's transaction from here to its commit
          return selectOne(request.db).then(() => "ran", (error: unknown) => (error instanceof Error ? error.message : String(error)));
        }, () => true);
        expect(outcome).toMatch(/a call's statements go through its ctx\.db/);
      } finally {
        request.end();
      }
    });

    it("keeps the audit row of a refused probe for someone else's client, in the request's one transaction", async () => {
      const { db } = countingPool(2);
      const app = await startApp(db, { databaseKind: "server" });
      const consultant = practice.consultants[0];
      const cookie = await signIn(app, consultant.email);
      const othersClient = practice.clients[1][0];
      const refused = await query(app, cookie, "clients.byId", { clientId: othersClient });
      expect(refused.status).toBe(404);
      const trace = await database.db
        .selectFrom("audit_log")
        .select("action")
        .where("actor_id", "=", consultant.id)
        .where("entity_id", "=", othersClient)
        .execute();
      expect(trace.map((row) => row.action)).toContain("access.denied");
    });

    it("keeps the calls of a batch apart: one refused, the others answered, each with its own transaction", async () => {
      const { db, statements } = countingPool(2);
      const app = await startApp(db, { databaseKind: "server" });
      const consultant = practice.consultants[0];
      const cookie = await signIn(app, consultant.email);
      const first = statements.length;
      const response = await batch(app, cookie, [
        ["clients.byId", { clientId: practice.clients[1][0] }],
        ["caseload.list", {}],
        ["clients.byId", { clientId: practice.clients[0][0] }],
      ]);
      const ran = statements.slice(first);
      const answers = response.body as { error?: { data?: { code?: string } }; result?: unknown }[];
      expect(answers.map((answer) => answer.error?.data?.code ?? "OK")).toEqual(["NOT_FOUND", "OK", "OK"]);
      expect(ran.filter((text) => /^start transaction\b/i.test(text)).length).toBe(3);
      expect(ran.filter((text) => /^commit$/i.test(text)).length).toBe(3);
      // Nothing after a refusal ran inside a failed transaction.
      expect(ran.filter((text) => /^rollback$/i.test(text)).length).toBe(0);
    });

    it("never acknowledges a write whose commit fails: the answer is an error and nothing is stored", async () => {
      const { db } = countingPool(2);
      const app = await startApp(db, { databaseKind: "server" });
      const cookie = await signIn(app, practice.consultants[0].email);
      const clientId = practice.clients[0][1];
      // A check Postgres runs only at COMMIT, as a deferred constraint would.
      await sql`create function test_refuse_at_commit() returns trigger language plpgsql as $$
                begin raise exception 'refused at commit' using errcode = '23514'; end $$`.execute(database.db);
      await sql`create constraint trigger test_refuse_at_commit after insert on follow_ups
                deferrable initially deferred for each row execute function test_refuse_at_commit()`.execute(database.db);
      try {
        const dueAt = tomorrow();
        const response = await mutation(app, cookie, "followUps.schedule", { clientId, dueAt });
        expect(response.status).toBeGreaterThanOrEqual(500);
        const stored = await database.db.selectFrom("follow_ups").select("id").where("client_id", "=", clientId).where("due_at", "=", new Date(dueAt)).execute();
        expect(stored).toEqual([]);
      } finally {
        await sql`drop trigger test_refuse_at_commit on follow_ups`.execute(database.db);
        await sql`drop function test_refuse_at_commit()`.execute(database.db);
      }
      // The connection went back clean: the next request answers.
      const after = await query(app, cookie, "caseload.list");
      expect(after.status).toBe(200);
    });

    it("gives the connection back when the client goes away mid-request", async () => {
      const { db, pool } = countingPool(2);
      const app = await startApp(db, { databaseKind: "server", transactionLimits: { statementTimeoutMs: 30_000, lockTimeoutMs: 20_000 } });
      const cookie = await signIn(app, practice.consultants[0].email);
      // Every read of clients waits while another session holds the table.
      const lock = await holdLock("lock table clients in access exclusive mode");
      const abandon = new AbortController();
      const abandoned = Array.from({ length: 4 }, () =>
        query(app, cookie, "clients.byId", { clientId: practice.clients[0][0] }, abandon.signal).catch(() => "abandoned"),
      );
      // Two hold the pool's two connections, waiting for the lock; two wait for the pool.
      await eventually(async () => (await lockWaiters(lock.pid)) === 2, "two requests wait for the lock");
      abandon.abort();
      expect(await Promise.all(abandoned)).toEqual(["abandoned", "abandoned", "abandoned", "abandoned"]);
      await lock.release();

      await eventually(
        () => Promise.resolve(pool.totalCount === pool.idleCount && pool.waitingCount === 0),
        "every connection back in the pool",
      );
      const after = await query(app, cookie, "clients.byId", { clientId: practice.clients[0][0] });
      expect(after.status).toBe(200);
    });
  });
}

describe("the lead's heavy analytics", () => {
  if (serverUrl) {
    it("wait their turn without a connection: a consultant's caseload answers while they run, and a burst beyond the queue is refused", async () => {
      const { db, counts } = countingPool(4);
      const app = await startApp(db, {
        databaseKind: "server",
        transactionLimits: { statementTimeoutMs: 30_000, lockTimeoutMs: 20_000 },
        analytics: { concurrency: 2, maxQueued: 2, statementTimeoutMs: 30_000 },
      });
      const lead = await signIn(app, practice.lead.email);
      const consultant = await signIn(app, practice.consultants[0].email);
      // interventionEffectiveness reads its aggregates (analytics_intervention_effects), which a caseload never does.
      const lock = await holdLock("lock table analytics_intervention_effects in access exclusive mode");
      const acquiredBefore = counts.acquired;
      const analytics = Array.from({ length: 4 }, () => tracked(query(app, lead, "analytics.interventionEffectiveness", quarter())));
      // All four have looked up their session; two run (waiting for the lock),
      // two queue for a turn, without a connection.
      await eventually(
        async () => counts.acquired - acquiredBefore >= 4 && (await lockWaiters(lock.pid)) === 2,
        "two analytics running, two queued",
      );

      const refused = await query(app, lead, "analytics.practiceOverview", quarter());
      expect(refused.status).toBe(429);
      expect(JSON.stringify(refused.body)).toContain("The practice reports are busy");

      const caseload = await query(app, consultant, "caseload.list");
      expect(caseload.status).toBe(200);
      expect(analytics.map((request) => request.done())).toEqual([false, false, false, false]);

      await lock.release();
      const statuses = (await Promise.all(analytics.map((request) => request.result))).map((response) => response.status);
      expect(statuses).toEqual([200, 200, 200, 200]);
    });
  } else {
    it("take turns: a consultant's caseload answers before a lead's burst of analytics is through", async () => {
      // Embedded Postgres runs one transaction at a time, first come first
      // served: unbounded, the whole burst would be ahead of the caseload.
      // Callers in one process (the process-wide bound, 2 at a time; each
      // caller is one request) send the burst and the caseload at the same
      // moment, as no HTTP client can.
      const leads = await Promise.all(Array.from({ length: 6 }, () => signedInCaller(database.db, practice.lead.email, TEST_PASSWORD)));
      const consultant = await signedInCaller(database.db, practice.consultants[0].email, TEST_PASSWORD);
      const analytics = leads.map((lead) => tracked(lead.analytics.practiceOverview(quarter())));
      const caseload = await consultant.caseload.list();
      expect(caseload.rows.length).toBeGreaterThan(0);
      expect(analytics.filter((request) => !request.done()).length).toBeGreaterThanOrEqual(4);
      await Promise.all(analytics.map((request) => request.result));
    });
  }
});

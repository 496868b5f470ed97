import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { Writable } from "node:stream";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openServerDatabase, type Database, type WaveDatabase } from "@wave/db";
import { createTestPractice, createTestSelfReportLink, TEST_PASSWORD, type TestPractice } from "@wave/db/testing";
import { createApp, createLogger, startChangeFeed, type AppOptions, type ChangeFeed } from "@wave/server";
import { episodeFields } from "@wave/server/testing";
import { listen } from "../support/listen";
import { openServerTestDatabase, type ServerTestDatabase } from "../support/server-database";

// Issue 12, "past one machine" (docs/scaling.md, docs/decisions/0030): two
// app servers on one Postgres, each with its own pools and live listener as
// two processes behind a load balancer would have, reached over HTTP. What
// one serves the other honours: sessions, the sign-in and self-report
// limits, live updates. And on a server, a read whose client goes away stops
// at once instead of holding its connection. Embedded Postgres is one process
// by construction (ADR 0018), so on an embedded run this file uses a
// Postgres server of its own (tests/support/server-database.ts).

const log = createLogger("silent");
const BOUND_MS = 15_000;
// Small, so the lockouts are reached in a few calls; the same on both servers, as one deployment's env.
const attemptLimits = { accountFailures: 4, addressFailures: 50, windowSeconds: 900 };
const selfReportLimits = { submissionsPerLink: 3, callsPerAddress: 300, windowSeconds: 3600 };

interface Instance {
  database: WaveDatabase;
  feed: ChangeFeed;
  server: Server;
  base: string;
}

let target: ServerTestDatabase;
let owner: WaveDatabase;
let a: Instance;
let b: Instance;
let practice: TestPractice;
const stops: (() => Promise<void>)[] = [];

function appOptions(database: WaveDatabase): AppOptions {
  return {
    db: database.db,
    log,
    trustProxy: true,
    counterPool: database.counterPool,
    databaseKind: database.kind,
    cancelBackend: database.cancelBackend,
    attemptLimits,
    selfReportLimits,
  };
}

/** One app server as main.ts wires it: its own pools, counters and live listener. */
async function startInstance(url: string): Promise<Instance> {
  const database = openServerDatabase({ connectionString: url, maxConnections: 4 });
  const feed = await startChangeFeed(database, log);
  const { server, base } = await listen(createApp({ ...appOptions(database), changeFeed: feed }));
  return { database, feed, server, base };
}

async function stopInstance(instance: Instance): Promise<void> {
  await instance.feed.stop();
  await new Promise((resolve) => instance.server.close(resolve));
  await instance.database.close();
}

beforeAll(async () => {
  target = await openServerTestDatabase("scale_out");
  owner = openServerDatabase({ connectionString: target.url, maxConnections: 2 });
  a = await startInstance(target.url);
  b = await startInstance(target.url);
  practice = await createTestPractice(owner.db, "Scale-out");
});

afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  if (a) await stopInstance(a);
  if (b) await stopInstance(b);
  await owner?.close();
  await target?.drop();
});

// With one trusted proxy, the address is the one X-Forwarded-For names.
const freshAddress = () => `2001:db8:${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}::1`;

interface Answer {
  status: number;
  code: string | undefined;
  data: unknown;
  cookie: string | null;
}

async function answerOf(response: Response): Promise<Answer> {
  const body = (await response.json()) as { result?: { data: unknown }; error?: { data: { code: string } } };
  return {
    status: response.status,
    code: body.error?.data.code,
    data: body.result?.data,
    cookie: response.headers.get("set-cookie")?.split(";")[0] ?? null,
  };
}

function query(on: { base: string }, procedure: string, input: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) {
  const search = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return fetch(`${on.base}/trpc/${procedure}${search}`, { headers, ...(signal ? { signal } : {}) }).then(answerOf);
}

function mutate(on: { base: string }, procedure: string, input: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) {
  return fetch(`${on.base}/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": freshAddress(), ...headers },
    body: JSON.stringify(input ?? {}),
    ...(signal ? { signal } : {}),
  }).then(answerOf);
}

function signIn(on: Instance, email: string, password = TEST_PASSWORD, address = freshAddress()): Promise<Answer> {
  return mutate(on, "auth.login", { email, password }, { "x-forwarded-for": address });
}

async function cookieOf(on: Instance, email: string): Promise<string> {
  const answer = await signIn(on, email);
  expect(answer.status).toBe(200);
  if (!answer.cookie) throw new Error("auth.login set no cookie");
  return answer.cookie;
}

async function eventually(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + BOUND_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${BOUND_MS} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("two app servers on one database", () => {
  it("honour each other's sessions: signed in on A works on B, and signing out on B ends it on A", async () => {
    const consultant = practice.consultants[0];
    const cookie = await cookieOf(a, consultant.email);

    const onB = await query(b, "auth.me", undefined, { cookie });
    expect(onB.status).toBe(200);
    expect(onB.data).toMatchObject({ id: consultant.id, email: consultant.email });

    expect((await mutate(b, "auth.logout", {}, { cookie })).status).toBe(200);
    const onA = await query(a, "auth.me", undefined, { cookie });
    expect({ status: onA.status, code: onA.code }).toEqual({ status: 401, code: "UNAUTHORIZED" });
  });

  it("count wrong passwords together: failures on A and B add up to one lockout, on both", async () => {
    const own = await createTestPractice(owner.db, "Lockout");
    const email = own.consultants[0].email;
    const address = freshAddress();
    const failures: (string | undefined)[] = [];
    for (let attempt = 0; attempt < attemptLimits.accountFailures; attempt++) {
      failures.push((await signIn(attempt % 2 === 0 ? a : b, email, "not the password", address)).code);
    }
    expect(failures).toEqual(Array(attemptLimits.accountFailures).fill("UNAUTHORIZED"));

    // Each server has seen only half the failures; together they are the limit.
    const refused = [await signIn(a, email, "not the password", address), await signIn(b, email, "not the password", address)];
    expect(refused.map((answer) => answer.status)).toEqual([429, 429]);
    const right = await signIn(b, email, TEST_PASSWORD);
    expect({ status: right.status, cookie: right.cookie }).toEqual({ status: 429, cookie: null });
  });

  it("count a self-report link's submissions together, whichever server each reaches", async () => {
    const link = await createTestSelfReportLink(owner.db, {
      practiceId: practice.practiceId,
      clientId: practice.clients[0][1],
      createdBy: practice.consultants[0].id,
    });
    const submit = (on: Instance) =>
      mutate(on, "selfReport.submit", {
        token: link.token,
        episode: { id: randomUUID(), occurredAt: new Date(Date.now() - 60_000).toISOString(), intensity: 4, selfHarmThoughts: false },
      });
    const statuses: number[] = [];
    for (let call = 0; call < selfReportLimits.submissionsPerLink + 2; call++) statuses.push((await submit(call % 2 === 0 ? a : b)).status);
    expect(statuses).toEqual([...Array<number>(selfReportLimits.submissionsPerLink).fill(200), 429, 429]);
  });

  it("deliver a write made through A to an event stream open on B", async () => {
    const lead = await cookieOf(b, practice.lead.email);
    const consultant = await cookieOf(a, practice.consultants[1].email);
    const clientId = practice.clients[1][0];
    const stream = await EventStream.open(b, lead);
    stops.push(() => Promise.resolve(stream.close()));
    await eventually(() => stream.said(": connected"), "the stream on B is open");

    const created = await mutate(a, "episodes.create", { id: randomUUID(), clientId, ...episodeFields() }, { cookie: consultant });
    expect(created.status).toBe(200);

    await eventually(() => stream.changes().some((change) => change.clientId === clientId), "B's stream hears of A's write");
    expect(stream.changes()).toContainEqual({ kind: "episodes", clientId });
  });
});

/** An app server on a pool of the test's own, whose backends can be told apart in pg_stat_activity and whose checkouts can be watched. */
/** The app's log lines, parsed, as an operator's log collector would read them. */
function collectedLog(): { log: ReturnType<typeof createLogger>; entries: { level: number; msg: string }[] } {
  const entries: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) entries.push(JSON.parse(line) as { level: number; msg: string });
      done();
    },
  });
  return { log: createLogger("info", sink), entries };
}

async function observedApp() {
  const { log: appLog, entries: logged } = collectedLog();
  const applicationName = `wave-scale-out-${randomUUID().slice(0, 8)}`;
  const pool = new pg.Pool({ connectionString: target.url, max: 2, application_name: applicationName, connectionTimeoutMillis: 10_000 });
  pool.on("error", () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  stops.push(() => db.destroy());
  const served = await listen(
    createApp({
      ...appOptions(a.database),
      db,
      log: appLog,
      // Generous, so only a cancel can end the waits these tests make.
      transactionLimits: { statementTimeoutMs: 30_000, lockTimeoutMs: 30_000 },
    }),
  );
  stops.push(() => new Promise((resolve) => served.server.close(() => resolve())));
  const backends = async () =>
    (
      await sql<{ state: string | null; waiting: string | null }>`
        select state, wait_event_type as waiting from pg_stat_activity where application_name = ${applicationName}`.execute(owner.db)
    ).rows;
  return { served, pool, backends, logged };
}

/** Another session holding `table` in an open transaction, as another process might: every statement on it waits. */
async function holdTable(table: string): Promise<{ release: () => Promise<void> }> {
  const holder = new pg.Client({ connectionString: target.url });
  await holder.connect();
  stops.push(() => holder.end());
  await holder.query("begin");
  await holder.query(`lock table ${table} in access exclusive mode`);
  return { release: () => holder.query("rollback").then(() => undefined) };
}

describe("a request whose client goes away", () => {
  it("is cancelled at once when it reads: its backend stops waiting, and its connection goes back to the pool clean", async () => {
    const { served, pool, backends, logged } = await observedApp();
    const cookie = await cookieOf(a, practice.consultants[0].email);
    const clientId = practice.clients[0][0];
    const lock = await holdTable("clients");

    const abandon = new AbortController();
    const reads = [0, 1, 2].map(() => query(served, "clients.byId", { clientId }, { cookie }, abandon.signal).catch(() => "abandoned"));
    // Two hold the pool's two connections, waiting for the lock; one waits for the pool.
    await eventually(async () => (await backends()).filter((backend) => backend.waiting === "Lock").length === 2, "two reads wait for the lock");
    abandon.abort();
    expect(await Promise.all(reads)).toEqual(["abandoned", "abandoned", "abandoned"]);

    // The lock is still held: only the cancel can have ended the waits.
    await eventually(
      async () => pool.totalCount === pool.idleCount && pool.waitingCount === 0 && (await backends()).every((backend) => backend.state === "idle"),
      "every backend idle, outside any transaction, and every connection back in the pool, while the lock is still held",
    );
    expect((await backends()).filter((backend) => backend.waiting === "Lock")).toEqual([]);

    await lock.release();
    const after = await query(served, "clients.byId", { clientId }, { cookie });
    expect(after.status).toBe(200);
    // Going away is the client's choice, not a failure: no error for an operator to chase, whether
    // the read was stopped in its work (two) or while it queued for the pool in its session lookup (one).
    expect(logged.filter((entry) => entry.level >= 50).map((entry) => entry.msg)).toEqual([]);
    expect(logged.filter((entry) => /client went away/.test(entry.msg)).length).toBe(3);
  });

  it("still saves when it writes: a follow-up scheduled and then abandoned is there once the lock goes", async () => {
    const { served, backends } = await observedApp();
    const cookie = await cookieOf(a, practice.consultants[1].email);
    const clientId = practice.clients[1][1];
    const dueAt = new Date(Date.now() + 3 * 86_400_000 + Math.floor(Math.random() * 3_600_000));
    const lock = await holdTable("follow_ups");

    const abandon = new AbortController();
    const write = mutate(served, "followUps.schedule", { clientId, dueAt: dueAt.toISOString() }, { cookie }, abandon.signal).catch(() => "abandoned");
    await eventually(async () => (await backends()).some((backend) => backend.waiting === "Lock"), "the write waits for the lock");
    abandon.abort();
    expect(await write).toBe("abandoned");
    await lock.release();

    const saved = () =>
      owner.db.selectFrom("follow_ups").select("id").where("client_id", "=", clientId).where("due_at", "=", dueAt).execute();
    await eventually(async () => (await saved()).length === 1, "the abandoned write committed");
  });
});

/** An event stream read as EventSource reads it: events split on blank lines, comments kept for `said`. */
class EventStream {
  private text = "";

  private constructor(private readonly abort: AbortController) {}

  static async open(on: Instance, cookie: string): Promise<EventStream> {
    const abort = new AbortController();
    const response = await fetch(`${on.base}/events`, { headers: { cookie, accept: "text/event-stream" }, signal: abort.signal });
    expect(response.status).toBe(200);
    const stream = new EventStream(abort);
    if (response.body) void stream.read(response.body);
    return stream;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body) this.text += decoder.decode(chunk, { stream: true });
    } catch {
      // Closed by the test.
    }
  }

  said(line: string): boolean {
    return this.text.includes(line);
  }

  changes(): { kind: string; clientId: string }[] {
    return this.text
      .split("\n\n")
      .filter((block) => block.startsWith("event: change\n"))
      .map((block) => JSON.parse(block.split("\n").find((line) => line.startsWith("data:"))?.slice(5) ?? "{}") as { kind: string; clientId: string });
  }

  close(): void {
    this.abort.abort();
  }
}

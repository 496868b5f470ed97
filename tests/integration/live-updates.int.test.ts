import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword, LISTENER_APPLICATION_NAME, withActor, type Actor, type WaveDatabase } from "@wave/db";
import {
  createTestPractice,
  openTestDatabase,
  TEST_ENV,
  TEST_PASSWORD,
  type TestPractice,
  type TestUser,
} from "@wave/db/testing";
import { createApp, createLogger, startChangeFeed, type ChangeFeed } from "@wave/server";
import { listen } from "../support/listen";

// Issue 7, "Live": a write through one app instance reaches the open event
// streams of everyone allowed to see it, on another instance too, within 5 s,
// carrying only a kind and a client id. On a Postgres server the two
// instances have their own connections and listeners, as two processes would;
// embedded Postgres lives in one process, so its two apps share one engine.

const DELIVERY_BOUND_MS = 5_000;
const ARTIFACTS = path.join(import.meta.dirname, "..", "artifacts");
const log = createLogger("silent");

interface Instance {
  database: WaveDatabase;
  feed: ChangeFeed;
  server: Server;
  base: string;
}

let engine: WaveDatabase["kind"];
let a: Instance;
let b: Instance;
let practice: TestPractice;
let otherPractice: TestPractice;
const cookies = new Map<string, string>();
const openStreams: EventStream[] = [];

async function startInstance(database: WaveDatabase): Promise<Instance> {
  const feed = await startChangeFeed(database, log);
  const app = createApp({ db: database.db, log, trustProxy: false, changeFeed: feed });
  const { server, base } = await listen(app);
  return { database, feed, server, base };
}

async function stopInstance(instance: Instance): Promise<void> {
  await instance.feed.stop();
  await new Promise((resolve) => instance.server.close(resolve));
}

beforeAll(async () => {
  const first = await openTestDatabase();
  engine = first.kind;
  const second = engine === "server" ? await openTestDatabase() : first;
  a = await startInstance(first);
  b = await startInstance(second);
  practice = await createTestPractice(first.db, "Live");
  otherPractice = await createTestPractice(first.db, "Elsewhere");
});

afterAll(async () => {
  for (const stream of openStreams) stream.close();
  await stopInstance(a);
  await stopInstance(b);
  if (b.database !== a.database) await b.database.close();
  await a.database.close();
});

async function cookieFor(user: { email: string }): Promise<string> {
  const known = cookies.get(user.email);
  if (known) return known;
  const response = await fetch(`${a.base}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: user.email, password: TEST_PASSWORD }),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers.get("set-cookie")?.split(";")[0] ?? "";
  cookies.set(user.email, cookie);
  return cookie;
}

interface ServerSentEvent {
  event: string;
  data: string;
  receivedAt: number;
}

/** An event stream read the way EventSource reads it: comments skipped, events split on blank lines. */
class EventStream {
  readonly events: ServerSentEvent[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {}

  static async open(base: string, cookie?: string): Promise<EventStream> {
    const abort = new AbortController();
    const response = await fetch(`${base}/events`, {
      headers: cookie ? { cookie, accept: "text/event-stream" } : { accept: "text/event-stream" },
      signal: abort.signal,
    });
    const stream = new EventStream(response, abort);
    openStreams.push(stream);
    if (response.ok && response.body) void stream.read(response.body);
    return stream;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let boundary = buffer.indexOf("\n\n");
        while (boundary >= 0) {
          this.parse(buffer.slice(0, boundary));
          buffer = buffer.slice(boundary + 2);
          boundary = buffer.indexOf("\n\n");
        }
      }
    } catch {
      // Closed by the test.
    }
  }

  private parse(block: string): void {
    let event = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith("event:")) event = line.slice(6).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
    }
    if (data.length === 0) return;
    this.events.push({ event, data: data.join("\n"), receivedAt: performance.now() });
    for (const wake of this.waiters) wake();
  }

  changes(): { kind: string; clientId: string }[] {
    return this.events
      .filter((event) => event.event === "change")
      .map((event) => JSON.parse(event.data) as { kind: string; clientId: string });
  }

  /** The first event matching, waiting up to `timeoutMs` for it. */
  async waitFor(matches: (event: ServerSentEvent) => boolean, timeoutMs = DELIVERY_BOUND_MS): Promise<ServerSentEvent> {
    const found = () => this.events.find(matches);
    const already = found();
    if (already) return already;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(this.events.map((e) => e.event))}`));
      }, timeoutMs);
      const check = () => {
        const event = found();
        if (!event) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(event);
      };
      this.waiters.add(check);
    });
  }

  waitForChange(kind: string, clientId: string, timeoutMs?: number): Promise<ServerSentEvent> {
    return this.waitFor((event) => event.event === "change" && event.data === JSON.stringify({ kind, clientId }), timeoutMs);
  }

  close(): void {
    this.abort.abort();
  }
}

/** Records an episode through an instance's /trpc, as the browser does. */
async function recordEpisode(instance: Instance, user: TestUser, clientId: string): Promise<void> {
  const response = await fetch(`${instance.base}/trpc/episodes.create`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: await cookieFor(user) },
    body: JSON.stringify({
      id: randomUUID(),
      clientId,
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      intensity: 6,
      types: ["anxiety"],
      context: "nursing",
      letDown: "first",
      durationSeconds: 60,
      impact: "none",
      selfHarmThoughts: false,
      ratedAfterEducation: true,
      notes: "Felt dread at the first let-down",
    }),
  });
  expect(response.status).toBe(200);
}

describe("GET /events", () => {
  it("answers 401 without a session or with an unknown one, and 403 on a temporary password", async () => {
    expect((await EventStream.open(b.base)).response.status).toBe(401);
    const unknown = await EventStream.open(b.base, `wave_session=${"x".repeat(43)}`);
    expect(unknown.response.status).toBe(401);

    const email = `temporary-${randomUUID()}@example.test`;
    await a.database.db
      .insertInto("users")
      .values({
        practice_id: practice.practiceId,
        email,
        name: "Temporary T.",
        role: "lead",
        password_hash: await hashPassword(TEST_PASSWORD),
        must_change_password: true,
      })
      .execute();
    const temporary = await EventStream.open(b.base, await cookieFor({ email }));
    expect(temporary.response.status).toBe(403);
    expect(temporary.response.headers.get("content-type")).not.toContain("text/event-stream");
  });

  it("streams with headers no proxy or cache holds back", async () => {
    const stream = await EventStream.open(b.base, await cookieFor(practice.consultants[0]));
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(stream.response.headers.get("cache-control")).toBe("no-store");
    expect(stream.response.headers.get("x-accel-buffering")).toBe("no");
    stream.close();
  });

  it("delivers an episode written on one instance to the assigned consultant and the lead on both, within 5 s", async () => {
    const [consultant, colleague] = practice.consultants;
    const clientId = practice.clients[0][0];
    const consultantOnB = await EventStream.open(b.base, await cookieFor(consultant));
    const leadOnA = await EventStream.open(a.base, await cookieFor(practice.lead));
    const leadOnB = await EventStream.open(b.base, await cookieFor(practice.lead));
    const colleagueOnB = await EventStream.open(b.base, await cookieFor(colleague));
    const otherLeadOnB = await EventStream.open(b.base, await cookieFor(otherPractice.lead));

    const writtenAt = performance.now();
    await recordEpisode(a, consultant, clientId);
    const deliveries = await Promise.all(
      [consultantOnB, leadOnA, leadOnB].map((stream) => stream.waitForChange("episodes", clientId)),
    );
    const delays = deliveries.map((event) => Math.round(event.receivedAt - writtenAt));
    for (const delay of delays) expect(delay).toBeLessThan(DELIVERY_BOUND_MS);

    // Changes arrive in commit order: once a later change the colleague (and
    // the other practice) may see has arrived, an earlier one would have too.
    await recordEpisode(a, colleague, practice.clients[1][0]);
    await recordEpisode(a, otherPractice.consultants[0], otherPractice.clients[0][0]);
    await colleagueOnB.waitForChange("episodes", practice.clients[1][0]);
    await otherLeadOnB.waitForChange("episodes", otherPractice.clients[0][0]);
    expect(colleagueOnB.changes().map((change) => change.clientId)).not.toContain(clientId);
    expect(new Set(otherLeadOnB.changes().map((change) => change.clientId))).toEqual(new Set([otherPractice.clients[0][0]]));

    // Ids and kinds only: nothing the episode said travels.
    for (const stream of [consultantOnB, leadOnA, leadOnB, colleagueOnB, otherLeadOnB]) {
      for (const event of stream.events.filter((e) => e.event === "change")) {
        expect(Object.keys(JSON.parse(event.data) as object).sort()).toEqual(["clientId", "kind"]);
        expect(event.data).not.toMatch(/dread|anxiety|Live|Elsewhere|@/);
      }
    }

    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(
      path.join(ARTIFACTS, `live-updates-${engine}.json`),
      `${JSON.stringify({ engine, writeToEventMs: { consultantOnOtherInstance: delays[0], leadOnSameInstance: delays[1], leadOnOtherInstance: delays[2] } }, null, 2)}\n`,
    );
    for (const stream of [consultantOnB, leadOnA, leadOnB, colleagueOnB, otherLeadOnB]) stream.close();
  });

  if (process.env[TEST_ENV.serverUrl]) {
    // Embedded Postgres runs in-process: it has no connection to lose.
    it("asks open screens to resync and delivers again after the listener connection is killed", async () => {
      const consultant = practice.consultants[0];
      const clientId = practice.clients[0][1];
      const stream = await EventStream.open(b.base, await cookieFor(consultant));
      // Materialized first: in one WHERE, Postgres may call pg_terminate_backend
      // before the other conditions and end connections that are not ours.
      const killed = await sql<{ killed: number }>`
        with listeners as materialized (
          select pid from pg_stat_activity
           where application_name = ${LISTENER_APPLICATION_NAME} and datname = current_database())
        select count(*)::int as killed from listeners where pg_terminate_backend(pid)`.execute(a.database.db);
      expect(killed.rows[0]?.killed).toBeGreaterThanOrEqual(2);

      await stream.waitFor((event) => event.event === "resync", 15_000);
      await recordEpisode(a, consultant, clientId);
      await stream.waitForChange("episodes", clientId);
      stream.close();
    });
  }
});

describe("the change triggers", () => {
  it("notify every kind of write a screen shows, naming who may see it, with ids only", async () => {
    const payloads: string[] = [];
    const stop = await a.database.listen("wave_changes", (payload) => payloads.push(payload));
    const [first, second] = practice.consultants;
    const asLead: Actor = { userId: practice.lead.id, practiceId: practice.practiceId, role: "lead" };
    const asFirst: Actor = { userId: first.id, practiceId: practice.practiceId, role: "consultant" };
    const p = practice.practiceId;
    const clientId = randomUUID();
    const interventionId = randomUUID();
    const episodeId = randomUUID();
    const noteId = randomUUID();
    try {
      await withActor(a.database.db, asLead, (tx) =>
        tx
          .insertInto("clients")
          .values({ practice_id: p, id: clientId, primary_consultant_id: first.id, display_name: "Trigger T.", baby_birth_date: "2026-10-01", feeding_method: "nursing" })
          .execute(),
      );
      await withActor(a.database.db, asFirst, async (tx) => {
        const now = new Date();
        await tx
          .insertInto("episodes")
          .values({ practice_id: p, id: episodeId, client_id: clientId, occurred_at: now, source: "consultant", recorded_by: first.id, types: ["anger"], intensity: 4, self_harm_thoughts: false })
          .execute();
        await tx.updateTable("episodes").set({ intensity: 5 }).where("practice_id", "=", p).where("id", "=", episodeId).execute();
        await tx
          .insertInto("interventions")
          .values({ practice_id: p, id: interventionId, client_id: clientId, kind: "education", started_at: now, recorded_by: first.id })
          .execute();
        await tx
          .insertInto("intervention_outcomes")
          .values({ practice_id: p, intervention_id: interventionId, assessed_at: now, outcome: "improved", recorded_by: first.id })
          .execute();
        await tx
          .insertInto("screenings")
          .values({ practice_id: p, id: randomUUID(), client_id: clientId, instrument: "epds", taken_at: now, answers: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], total: 0, item10: 0, recorded_by: first.id })
          .execute();
        await tx
          .insertInto("follow_ups")
          .values({ practice_id: p, client_id: clientId, due_at: new Date(now.getTime() + 86_400_000), created_by: first.id })
          .execute();
        await tx.insertInto("notes").values({ practice_id: p, id: noteId, client_id: clientId, author_id: first.id, body: "Private words" }).execute();
        await tx
          .insertInto("safety_alerts")
          .values({ practice_id: p, client_id: clientId, source: "episode", source_id: episodeId, reported_at: now })
          .execute();
      });
      // A reassignment reaches the consultant losing the client and the one gaining it.
      await withActor(a.database.db, asLead, (tx) =>
        tx.updateTable("clients").set({ primary_consultant_id: second.id }).where("practice_id", "=", p).where("id", "=", clientId).execute(),
      );
      // A correction by the table owner (no application path deletes) still tells the screens.
      await a.database.db.deleteFrom("notes").where("practice_id", "=", p).where("id", "=", noteId).execute();

      const expected = [
        { k: "clients", u: [first.id] },
        { k: "episodes", u: [first.id] },
        { k: "interventions", u: [first.id] },
        { k: "intervention_outcomes", u: [first.id] },
        { k: "screenings", u: [first.id] },
        { k: "follow_ups", u: [first.id] },
        { k: "notes", u: [first.id] },
        { k: "safety_alerts", u: [first.id] },
        { k: "clients", u: [first.id, second.id].sort() },
        { k: "notes", u: [second.id] },
      ];
      const ours = () =>
        payloads
          .map((payload) => JSON.parse(payload) as { p: string; c: string; k: string; u: string[] })
          .filter((notification) => notification.c === clientId)
          .map((notification) => ({ ...notification, u: [...notification.u].sort() }));
      const deadline = Date.now() + DELIVERY_BOUND_MS;
      while (Date.now() < deadline && !expected.every((want) => ours().some((got) => got.k === want.k && sameIds(got.u, want.u)))) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      for (const want of expected) {
        expect(ours()).toContainEqual({ p, c: clientId, k: want.k, u: want.u });
      }
      for (const payload of payloads) {
        expect(Object.keys(JSON.parse(payload) as object).sort()).toEqual(["c", "k", "p", "u"]);
        expect(payload).not.toContain("Private");
        expect(payload.length).toBeLessThan(8000);
      }
    } finally {
      await stop();
    }
  });
});

function sameIds(left: string[], right: string[]): boolean {
  return left.length === right.length && left.every((id, index) => id === right[index]);
}

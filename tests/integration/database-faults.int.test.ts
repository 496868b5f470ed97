import { randomBytes, randomUUID } from "node:crypto";
import type { Server } from "node:http";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { openServerDatabase, type WaveDatabase } from "@wave/db";
import { createTestPractice, openTestDatabase, TEST_ENV, TEST_PASSWORD, type TestPractice } from "@wave/db/testing";
import { createApp, createLogger } from "@wave/server";
import { listen } from "../support/listen";

// The database failing under a running app (docs/decisions/0015): the request
// that needed it answers 503 with Retry-After and a plain message, never a
// 500, and the process carries on. The fault suite (pnpm test:faults) does the
// same to the real server process under load.
const UNAVAILABLE = "The database is not answering. Please try again in a moment.";

interface Running {
  database: WaveDatabase;
  server: Server;
  base: string;
}
const running: Running[] = [];

async function serve(database: WaveDatabase): Promise<Running> {
  const app = createApp({
    db: database.db,
    log: createLogger("silent"),
    trustProxy: false,
    probe: () => database.probe(),
  });
  const { server, base } = await listen(app);
  const instance = { database, server, base };
  running.push(instance);
  return instance;
}

afterEach(async () => {
  for (const instance of running.splice(0)) {
    await new Promise((resolve) => instance.server.close(resolve));
    await instance.database.close().catch(() => undefined);
  }
});

async function signIn(base: string, email: string): Promise<string> {
  const response = await fetch(`${base}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  expect(response.status).toBe(200);
  return response.headers.get("set-cookie")?.split(";")[0] ?? "";
}

function caseload(base: string, cookie: string): Promise<Response> {
  const input = encodeURIComponent(JSON.stringify({ page: 1, pageSize: 25 }));
  return fetch(`${base}/trpc/caseload.list?input=${input}`, { headers: { cookie } });
}

/** The same id with the same content each time: a retry of one write. */
const OCCURRED_AT = new Date(Date.now() - 3_600_000).toISOString();
function createEpisode(base: string, cookie: string, clientId: string, id: string): Promise<Response> {
  return fetch(`${base}/trpc/episodes.create`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify({
      id,
      clientId,
      occurredAt: OCCURRED_AT,
      intensity: 4,
      types: ["anxiety"],
      context: "nursing",
      letDown: "first",
      durationSeconds: 60,
      impact: "none",
      selfHarmThoughts: false,
      ratedAfterEducation: false,
    }),
  });
}

async function expectUnavailable(response: Response): Promise<void> {
  const body = (await response.json()) as { error: { message: string; data: { code: string } } };
  expect({ status: response.status, retryAfter: response.headers.get("retry-after"), code: body.error.data.code }).toEqual({
    status: 503,
    retryAfter: "5",
    code: "SERVICE_UNAVAILABLE",
  });
  expect(body.error.message).toBe(UNAVAILABLE);
  expect(JSON.stringify(body)).not.toMatch(/stack|PGlite|destroyed|ECONN|at \//);
}

describe("the database closed under a running app", () => {
  it("answers 503 with Retry-After, not 500, for a signed-in request, a sign-in and /readyz; /healthz stays 200", async () => {
    const { database, base } = await serve(await openTestDatabase());
    const practice = await createTestPractice(database.db, "Closed");
    const cookie = await signIn(base, practice.consultants[0].email);
    expect((await caseload(base, cookie)).status).toBe(200);

    await database.close();

    // The session lookup runs before any procedure: its failure is a 503 too.
    await expectUnavailable(await caseload(base, cookie));
    await expectUnavailable(
      await fetch(`${base}/trpc/auth.login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: practice.lead.email, password: TEST_PASSWORD }),
      }),
    );
    const readyz = await fetch(`${base}/readyz`);
    expect(readyz.status).toBe(503);
    expect(readyz.headers.get("retry-after")).toBe("5");
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});

// Only a server has connections to lose: on embedded Postgres the database
// is in the process (closing it is covered above).
const serverUrl = process.env[TEST_ENV.serverUrl];
if (serverUrl) {
  describe("a server connection terminated mid-request", () => {
    it("fails only that request, with 503 and Retry-After; the pool replaces the connection and the retry writes once", async () => {
      const applicationName = `wave_fault_test_${randomBytes(4).toString("hex")}`;
      const url = new URL(serverUrl);
      url.searchParams.set("application_name", applicationName);
      const { database, base } = await serve(openServerDatabase({ connectionString: url.toString(), maxConnections: 2 }));
      const practice: TestPractice = await createTestPractice(database.db, "Terminated");
      const cookie = await signIn(base, practice.consultants[0].email);
      const clientId = practice.clients[0][0];

      // Another session holds the client's row, so the episode's insert waits on it.
      const locker = new pg.Client({ connectionString: serverUrl });
      await locker.connect();
      try {
        await locker.query("begin");
        await locker.query("select id from clients where id = $1 for update", [clientId]);
        const episodeId = randomUUID();
        const pending = createEpisode(base, cookie, clientId, episodeId);

        await expect.poll(
          async () =>
            (
              await locker.query<{ waiting: number }>(
                `select count(*)::int as waiting from pg_stat_activity
                 where application_name = $1 and datname = current_database() and wait_event_type = 'Lock'`,
                [applicationName],
              )
            ).rows[0]?.waiting,
          { timeout: 10_000, interval: 50 },
        ).toBeGreaterThan(0);
        // Only this test's own backends, chosen by name first.
        await locker.query(
          `with targets as materialized (
             select pid from pg_stat_activity where application_name = $1 and datname = current_database()
           )
           select pg_terminate_backend(pid) from targets`,
          [applicationName],
        );

        await expectUnavailable(await pending);
        await locker.query("rollback");
        expect((await caseload(base, cookie)).status).toBe(200);
        expect((await createEpisode(base, cookie, clientId, episodeId)).status).toBe(200);
        expect((await createEpisode(base, cookie, clientId, episodeId)).status).toBe(200);
        const rows = await database.db.selectFrom("episodes").select("id").where("id", "=", episodeId).execute();
        expect(rows).toHaveLength(1);
      } finally {
        await locker.end();
      }
    });
  });
}

import type { Server } from "node:http";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateToLatest, openServerDatabase, type WaveDatabase } from "@wave/db";
import {
  createServerDatabase,
  createTestPractice,
  dropServerDatabase,
  openTestDatabase,
  TEST_ENV,
  TEST_PASSWORD,
  testEpisode,
  type TestPractice,
} from "@wave/db/testing";
import { createApp, createLogger, openReadReplica, parseEnv } from "@wave/server";
import { listen } from "../support/listen";

// READ_DATABASE_URL: the lead's practice-wide analytics read the replica,
// everything else (the caseload, the session, the audit row the analytics
// read writes) stays on DATABASE_URL. The two databases here hold different
// episodes for the same practice, so every answer shows where it was read.
// On a Postgres server the replica is a second database opened from the
// environment exactly as main.ts opens it; on embedded Postgres, a second
// embedded copy handed to createApp as main.ts hands it over.

const log = createLogger("silent");
const serverUrl = process.env[TEST_ENV.serverUrl];
const replicaName = `wave_replica_${process.pid}_${Date.now()}`;
const TWO_DAYS_AGO = new Date(Date.now() - 2 * 86_400_000);
const today = new Date().toISOString().slice(0, 10);
const weekBefore = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);

let primary: WaveDatabase;
let replica: WaveDatabase;
let practice: TestPractice;
const servers: Server[] = [];

async function openReplica(): Promise<WaveDatabase> {
  if (!serverUrl) return openTestDatabase();
  const url = await createServerDatabase(serverUrl, replicaName);
  const setup = openServerDatabase({ connectionString: url, maxConnections: 1 });
  await migrateToLatest(setup.db);
  await setup.close();
  const env = parseEnv({ DATABASE_URL: serverUrl, READ_DATABASE_URL: url });
  const opened = openReadReplica(env, log);
  if (!opened) throw new Error("READ_DATABASE_URL was set but no replica was opened");
  return opened;
}

/** The practice, its staff and clients, copied into the replica with the same ids (as replication would). */
async function copyPracticeToReplica(): Promise<void> {
  const { practiceId } = practice;
  const practices = await primary.db.selectFrom("practices").selectAll().where("id", "=", practiceId).execute();
  const users = await primary.db.selectFrom("users").selectAll().where("practice_id", "=", practiceId).execute();
  const clients = await primary.db
    .selectFrom("clients")
    .select(["practice_id", "id", "primary_consultant_id", "display_name", "baby_birth_date", "feeding_method", "created_at"])
    .where("practice_id", "=", practiceId)
    .execute();
  await replica.db.insertInto("practices").values(practices).execute();
  await replica.db.insertInto("users").values(users).execute();
  await replica.db.insertInto("clients").values(clients).execute();
}

async function serve(readDb: WaveDatabase | undefined): Promise<string> {
  const app = createApp({ db: primary.db, readDb: readDb?.db, log, trustProxy: false, smallCellThreshold: 1, databaseKind: primary.kind });
  const { server, base } = await listen(app);
  servers.push(server);
  return base;
}

async function signIn(base: string, email: string): Promise<string> {
  const response = await fetch(`${base}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  expect(response.status).toBe(200);
  return (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

async function query<T>(base: string, cookie: string, path: string, input: unknown): Promise<T> {
  const response = await fetch(`${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { cookie } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { result: { data: T } }).result.data;
}

type Overview = { weeks: { episodes: { value: number | null } }[] };
const episodesInRange = (overview: Overview) => overview.weeks.reduce((sum, week) => sum + (week.episodes.value ?? 0), 0);

async function auditRows(database: WaveDatabase, action: string): Promise<number> {
  const result = await sql<{ count: number }>`
    select count(*)::int as count from audit_log where practice_id = ${practice.practiceId} and action = ${action}`.execute(database.db);
  return result.rows[0]?.count ?? 0;
}

beforeAll(async () => {
  primary = await openTestDatabase();
  replica = await openReplica();
  practice = await createTestPractice(primary.db, "Replica");
  await copyPracticeToReplica();
  const clientId = practice.clients[0][0];
  // One episode on the primary, three on the replica: the answers tell them apart.
  await primary.db.insertInto("episodes").values([testEpisode(practice.practiceId, clientId, { occurred_at: TWO_DAYS_AGO })]).execute();
  await replica.db
    .insertInto("episodes")
    .values([1, 2, 3].map((hour) => testEpisode(practice.practiceId, clientId, { occurred_at: new Date(TWO_DAYS_AGO.getTime() + hour * 3_600_000) })))
    .execute();
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await replica.close();
  await primary.close();
  if (serverUrl) await dropServerDatabase(serverUrl, replicaName);
});

describe("READ_DATABASE_URL", () => {
  it("is read from the environment, and refused without DATABASE_URL (embedded Postgres has no replica)", () => {
    expect(parseEnv({ DATABASE_URL: "postgres://primary/wave", READ_DATABASE_URL: "postgres://replica/wave" }).readDatabaseUrl).toBe(
      "postgres://replica/wave",
    );
    expect(parseEnv({ DATABASE_URL: "postgres://primary/wave" }).readDatabaseUrl).toBeUndefined();
    expect(() => parseEnv({ READ_DATABASE_URL: "postgres://replica/wave" })).toThrow(/READ_DATABASE_URL.*needs DATABASE_URL/);
  });

  it("sends the lead's analytics to the replica, the caseload and the audit row to the primary", async () => {
    const base = await serve(replica);
    const lead = await signIn(base, practice.lead.email);
    const overview = await query<Overview>(base, lead, "analytics.practiceOverview", { from: weekBefore, to: today });
    expect(episodesInRange(overview)).toBe(3);
    const workload = await query<{ rows: { consultantId: string; episodes30d: { value: number | null } }[] }>(
      base,
      lead,
      "analytics.consultantWorkload",
      undefined,
    );
    expect(workload.rows.find((row) => row.consultantId === practice.consultants[0].id)?.episodes30d.value).toBe(3);

    const caseload = await query<{ rows: { clientId: string; episodes7d: number }[] }>(base, lead, "caseload.list", {});
    expect(caseload.rows.find((row) => row.clientId === practice.clients[0][0])?.episodes7d).toBe(1);

    expect(await auditRows(primary, "analytics.practice_overview")).toBe(1);
    expect(await auditRows(primary, "analytics.consultant_workload")).toBe(1);
    expect(await auditRows(replica, "analytics.practice_overview")).toBe(0);
  });

  it("reads the analytics from the primary when unset", async () => {
    const base = await serve(undefined);
    const lead = await signIn(base, practice.lead.email);
    const overview = await query<Overview>(base, lead, "analytics.practiceOverview", { from: weekBefore, to: today });
    expect(episodesInRange(overview)).toBe(1);
  });
});

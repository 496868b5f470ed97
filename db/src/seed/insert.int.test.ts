import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { WaveDatabase } from "../connection.js";
import type { Database } from "../schema.js";
import { openTestDatabase, testEpisode } from "../testing.js";
import { loadPlan } from "./insert.js";
import { planPractice } from "./plan.js";
import type { LoadPath } from "./insert.js";
import type { PracticePlan } from "./types.js";

// The bulk load (triggers off, derived stores rebuilt once) must leave exactly
// what the triggered load leaves. The same plan is loaded twice into one
// transaction, so both see the same now(): once with every trigger firing,
// once through the bulk path under a twin practice (new practice and staff
// ids, other emails; every other id is scoped by practice_id). Then every
// derived column and table is compared row for row.

/** Every table a seed writes to or derives, and the columns that differ by construction between the twins. */
const COMPARED: { table: keyof Database; unstable: string[] }[] = [
  { table: "clients", unstable: [] },
  { table: "episodes", unstable: [] },
  { table: "interventions", unstable: [] },
  { table: "intervention_outcomes", unstable: [] },
  { table: "screenings", unstable: [] },
  { table: "follow_ups", unstable: [] },
  { table: "notes", unstable: [] },
  // The alert's own id is drawn by the database; its report (source_id) identifies it.
  { table: "safety_alerts", unstable: ["id"] },
  { table: "client_summaries", unstable: [] },
  { table: "analytics_client_weeks", unstable: [] },
  { table: "analytics_client_recorded_days", unstable: [] },
  { table: "analytics_intervention_effects", unstable: [] },
  { table: "analytics_client_days", unstable: [] },
  { table: "analytics_client_course", unstable: [] },
];

let database: WaveDatabase;
let plan: PracticePlan;
let twin: PracticePlan;
/** Twin id -> original id, to read the twin's rows in the original's terms. */
let backToOriginal: Map<string, string>;
let paths: LoadPath[];

/** The plan under another practice: its practice and staff ids replaced wherever they appear, its emails changed. */
function twinOf(original: PracticePlan): { twin: PracticePlan; backToOriginal: Map<string, string> } {
  const forward = new Map([original.practice.id, ...original.staff.map((member) => member.id)].map((id) => [id, randomUUID()]));
  const replace = (value: unknown): unknown => {
    if (typeof value === "string") return forward.get(value) ?? value;
    if (Array.isArray(value)) return value.map(replace);
    if (value instanceof Date) return new Date(value);
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, replace(inner)]));
    }
    return value;
  };
  const twin = replace(original) as PracticePlan;
  twin.practice.name = `${original.practice.name} (twin)`;
  for (const member of twin.staff) member.email = `twin-${member.email}`;
  return { twin, backToOriginal: new Map([...forward].map(([from, to]) => [to, from])) };
}

/** A table's rows of one practice as JSON text, in a stable order, twin ids mapped back. */
async function rowsOf(table: keyof Database, practiceId: string, unstable: string[]): Promise<string[]> {
  const dropped = ["practice_id", ...unstable];
  const result = await sql<{ row: string }>`
    select (to_jsonb(t) - ${sql.val(dropped)}::text[])::text as row from ${sql.table(table)} t where t.practice_id = ${practiceId}
  `.execute(database.db);
  const ids = new RegExp([...backToOriginal.keys()].join("|"), "g");
  return result.rows.map(({ row }) => row.replace(ids, (id) => backToOriginal.get(id) ?? id)).sort();
}

async function count(query: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
  const result = await query.execute(database.db);
  return result.rows[0]?.n ?? 0;
}

beforeAll(async () => {
  database = await openTestDatabase();
  // A fixed key, so the same plan every run (the test's database is its own): one with each kind of row below.
  plan = planPractice({
    key: "bulk-load-test/2",
    name: "Bulk load",
    staff: [
      { email: "lead@bulk-load.test", name: "Lead", role: "lead" },
      { email: "first@bulk-load.test", name: "First", role: "consultant" },
      { email: "second@bulk-load.test", name: "Second", role: "consultant" },
    ],
    clients: 40,
    episodesPerClient: 30,
    // Dated to the real clock, as the demo is: the summaries' windows as of now() then hold episodes.
    now: new Date(),
  });
  ({ twin, backToOriginal } = twinOf(plan));
  paths = await database.db.transaction().execute(async (tx) => [
    await loadPlan(tx, plan, "not-a-real-hash", { path: "triggered" }),
    await loadPlan(tx, twin, "not-a-real-hash", { path: "bulk" }),
  ]);
});

afterAll(() => database.close());

describe("insertPlan's bulk load", () => {
  it("runs with triggers off on an owner that may (both test engines sign in as a superuser)", () => {
    expect(paths).toEqual(["triggered", "bulk"]);
  });

  it("derives what the triggers derive, row for row, in every derived column and table", async () => {
    for (const { table, unstable } of COMPARED) {
      const triggered = await rowsOf(table, plan.practice.id, unstable);
      const bulk = await rowsOf(table, twin.practice.id, unstable);
      expect(triggered.length, `${table} has rows to compare`).toBeGreaterThan(0);
      expect(bulk, table).toEqual(triggered);
    }
  });

  it("loaded a plan that exercises each derivation", async () => {
    const practice = plan.practice.id;
    // Open and resolved alerts, a next follow-up, windows with episodes in them, interventions with outcomes.
    expect(await count(sql`select count(*)::int as n from safety_alerts where practice_id = ${practice} and resolved_at is null`)).toBeGreaterThan(0);
    expect(await count(sql`select count(*)::int as n from safety_alerts where practice_id = ${practice} and resolved_at is not null`)).toBeGreaterThan(0);
    expect(await count(sql`select count(*)::int as n from clients where practice_id = ${practice} and next_follow_up_at is not null`)).toBeGreaterThan(0);
    expect(await count(sql`select count(*)::int as n from client_summaries where practice_id = ${practice} and episodes_7d > 0 and open_alerts > 0`)).toBeGreaterThan(0);
    expect(await count(sql`select count(*)::int as n from analytics_intervention_effects where practice_id = ${practice} and latest_outcome is not null`)).toBeGreaterThan(0);
    // Two consultants' clients, so a consultant_id taken from the wrong row would show.
    expect(await count(sql`select count(distinct consultant_id)::int as n from episodes where practice_id = ${practice}`)).toBe(2);
  });

  it("stores the planned values exactly: times, arrays, nulls and flags", async () => {
    // The twin's own rows, as planned and as the bulk path stored them.
    const planned = twin.clients.flatMap((client) => client.episodes);
    const stored = await database.db
      .selectFrom("episodes")
      .selectAll()
      .where("practice_id", "=", twin.practice.id)
      .execute();
    const byId = new Map(stored.map(({ consultant_id: _c, version: _v, self_report_link_id: _l, ...row }) => [row.id, row]));
    expect(stored).toHaveLength(planned.length);
    for (const row of planned) expect(byId.get(row.id), row.id).toEqual(row);
    const screenings = await database.db.selectFrom("screenings").select(["id", "answers", "taken_at"]).where("practice_id", "=", twin.practice.id).execute();
    const answers = new Map(screenings.map((row) => [row.id, { answers: row.answers.map(Number), taken_at: row.taken_at }]));
    for (const row of twin.clients.flatMap((client) => client.screenings)) {
      expect(answers.get(row.id)).toEqual({ answers: row.answers, taken_at: row.taken_at });
    }
  });

  it("leaves the triggers on for whatever the transaction writes after it", async () => {
    const client = twin.clients[0]?.client;
    if (!client) throw new Error("the plan has no clients");
    const before = await database.db
      .selectFrom("client_summaries")
      .select("episodes_7d")
      .where("practice_id", "=", client.practice_id)
      .where("client_id", "=", client.id)
      .executeTakeFirstOrThrow();
    await database.db.transaction().execute(async (tx) => {
      await loadPlan(tx, planPractice({ key: `bulk-load-test/after/${randomUUID()}`, name: "After", staff: [], clients: 0, episodesPerClient: 0, now: new Date() }), "x");
      await tx.insertInto("episodes").values(testEpisode(client.practice_id, client.id, { occurred_at: new Date(Date.now() - 60_000) })).execute();
    });
    const after = await database.db
      .selectFrom("client_summaries")
      .select("episodes_7d")
      .where("practice_id", "=", client.practice_id)
      .where("client_id", "=", client.id)
      .executeTakeFirstOrThrow();
    expect(after.episodes_7d).toBe(before.episodes_7d + 1);
  });

  it("falls back to the triggered load, and says so, where the owner may not turn triggers off", async () => {
    // An owner that is no superuser: a member of the tables' owner that bypasses row-level security, as a
    // hosted database's owner would be. Roles are the server's, not the database's: a name of its own, dropped after.
    const role = `wave_seed_owner_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
    const owner = (await sql<{ owner: string }>`select tableowner as owner from pg_tables where tablename = 'episodes'`.execute(database.db)).rows[0]?.owner;
    if (!owner) throw new Error("no episodes table");
    await sql`create role ${sql.id(role)} nosuperuser bypassrls in role ${sql.id(owner)}`.execute(database.db);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const small = planPractice({
        key: "bulk-load-test/fallback",
        name: "Fallback",
        staff: [
          { email: "lead@fallback.test", name: "Lead", role: "lead" },
          { email: "first@fallback.test", name: "First", role: "consultant" },
        ],
        clients: 5,
        episodesPerClient: 10,
        now: new Date(),
      });
      const path = await database.db.transaction().execute(async (tx) => {
        await sql`set local role ${sql.id(role)}`.execute(tx);
        return loadPlan(tx, small, "not-a-real-hash");
      });
      expect(path).toBe("triggered");
      expect(warn.mock.calls.map((call) => String(call[0]))).toEqual([expect.stringContaining("session_replication_role")]);
      // The triggers derived what they always do.
      expect(await count(sql`select count(*)::int as n from client_summaries where practice_id = ${small.practice.id}`)).toBe(5);
    } finally {
      warn.mockRestore();
      await sql`drop role ${sql.id(role)}`.execute(database.db);
    }
  });
});

import { scoreEpds } from "@wave/shared";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEmbeddedDatabase, type WaveDatabase } from "../connection.js";
import { migrateToLatest } from "../migrate.js";
import { verifyPassword } from "../passwords.js";
import {
  DEMO_PASSWORD,
  DEMO_SIGN_INS,
  isDatabaseEmpty,
  SeedConflictError,
  seedDemo,
  seedSynthetic,
  type SeedSummary,
} from "./index.js";

const NOW = new Date("2026-03-15T14:30:00Z");
const DAY = 86_400_000;

// The demo is for embedded mode (CONTRACT.md) and its ids are fixed, so it
// gets a private in-memory database rather than the shared test server.
let database: WaveDatabase;
let summary: SeedSummary;
let wasEmpty: boolean;

beforeAll(async () => {
  database = await openEmbeddedDatabase();
  await migrateToLatest(database.db);
  wasEmpty = await isDatabaseEmpty(database.db);
  summary = await seedDemo(database.db, { now: NOW });
});

afterAll(async () => {
  await database.close();
});

async function consultants() {
  return database.db
    .selectFrom("users")
    .select(["id", "email"])
    .where("role", "=", "consultant")
    .orderBy("email")
    .execute();
}

describe("seedDemo on embedded Postgres", () => {
  it("creates the five demo users with their roles, practices and the demo password", async () => {
    expect(wasEmpty).toBe(true);
    expect(await isDatabaseEmpty(database.db)).toBe(false);
    const users = await database.db
      .selectFrom("users")
      .innerJoin("practices", "practices.id", "users.practice_id")
      .select(["users.email", "users.role", "users.name", "practices.name as practice", "users.password_hash"])
      .orderBy("users.email")
      .execute();
    expect(users.map(({ email, role, name, practice }) => ({ email, role, name, practice }))).toEqual(
      DEMO_SIGN_INS.map(({ email, role, name, practice }) => ({ email, role, name, practice })).sort((a, b) =>
        a.email.localeCompare(b.email),
      ),
    );
    expect(await verifyPassword(users[0]?.password_hash ?? "", DEMO_PASSWORD)).toBe(true);
  });

  it("stores exactly what the summary reports", async () => {
    type Table = "clients" | "episodes" | "interventions" | "intervention_outcomes" | "screenings" | "follow_ups" | "notes";
    const count = async (table: Table) => {
      const row = await database.db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
      return Number(row.n);
    };
    expect({
      clients: await count("clients"),
      episodes: await count("episodes"),
      interventions: await count("interventions"),
      outcomes: await count("intervention_outcomes"),
      screenings: await count("screenings"),
      followUps: await count("follow_ups"),
      notes: await count("notes"),
    }).toEqual({
      clients: summary.clients,
      episodes: summary.episodes,
      interventions: summary.interventions,
      outcomes: summary.outcomes,
      screenings: summary.screenings,
      followUps: summary.followUps,
      notes: summary.notes,
    });
    expect(summary).toMatchObject({ practices: 2, users: 5, clients: 120 });
    expect(summary.episodes).toBeGreaterThan(3000);
  });

  it("gives each consultant 40 clients, most with an episode this week", async () => {
    for (const consultant of await consultants()) {
      const rows = await database.db
        .selectFrom("clients")
        .select((eb) => [
          "clients.id",
          eb
            .exists(
              eb
                .selectFrom("episodes")
                .whereRef("episodes.client_id", "=", "clients.id")
                .where("episodes.occurred_at", ">=", new Date(NOW.getTime() - 7 * DAY))
                .select("episodes.id"),
            )
            .as("recent"),
        ])
        .where("primary_consultant_id", "=", consultant.id)
        .execute();
      expect(rows).toHaveLength(40);
      expect(rows.filter((row) => row.recent).length).toBeGreaterThan(24);
    }
  });

  it("leaves every consultant a client with a self-harm report nobody has followed up yet", async () => {
    for (const consultant of await consultants()) {
      const { rows } = await sql<{ client_id: string }>`
        with reports as (
          select practice_id, client_id, occurred_at as reported_at from episodes where self_harm_thoughts
          union all
          select practice_id, client_id, taken_at from screenings where item10 > 0
        )
        select distinct r.client_id
          from reports r
          join clients c on c.practice_id = r.practice_id and c.id = r.client_id
         where c.primary_consultant_id = ${consultant.id}
           and r.reported_at >= ${new Date(NOW.getTime() - 4 * DAY)}
           and not exists (
             select 1 from follow_ups f
              where f.practice_id = r.practice_id and f.client_id = r.client_id
                and f.completed_at > r.reported_at)
      `.execute(database.db);
      expect(rows.length, consultant.email).toBeGreaterThanOrEqual(1);
      // ...and that report is an open safety alert, as the app would have raised it.
      const open = await database.db
        .selectFrom("safety_alerts")
        .select("client_id")
        .where("client_id", "in", rows.map((row) => row.client_id))
        .where("resolved_at", "is", null)
        .execute();
      expect(new Set(open.map((row) => row.client_id))).toEqual(new Set(rows.map((row) => row.client_id)));
    }
  });

  it("records every seeded self-harm report as a safety alert, resolved only by a later follow-up that reached the client", async () => {
    const { rows } = await sql<{ reports: number; alerts: number; badly_resolved: number }>`
      select
        (select count(*)::int from episodes where self_harm_thoughts)
          + (select count(*)::int from screenings where item10 > 0) as reports,
        (select count(*)::int from safety_alerts) as alerts,
        (select count(*)::int from safety_alerts a join follow_ups f
            on f.practice_id = a.practice_id and f.id = a.resolving_follow_up_id
          where f.outcome <> 'reached' or f.completed_at < a.raised_at) as badly_resolved
    `.execute(database.db);
    expect(rows[0]?.reports).toBeGreaterThan(0);
    expect(rows[0]?.alerts).toBe(rows[0]?.reports);
    expect(rows[0]?.badly_resolved).toBe(0);
  });

  it("has overdue follow-ups for every consultant, kept in clients.next_follow_up_at by the trigger", async () => {
    for (const consultant of await consultants()) {
      const overdue = await database.db
        .selectFrom("clients")
        .select("id")
        .where("primary_consultant_id", "=", consultant.id)
        .where("next_follow_up_at", "<", NOW)
        .execute();
      expect(overdue.length, consultant.email).toBeGreaterThanOrEqual(1);
    }
    const withoutNext = await database.db
      .selectFrom("clients")
      .select("status")
      .where("next_follow_up_at", "is", null)
      .execute();
    expect(withoutNext.every((client) => client.status === "discharged")).toBe(true);
  });

  it("stores EPDS totals that the scorer gives for the stored answers", async () => {
    const screenings = await database.db.selectFrom("screenings").select(["answers", "total", "item10"]).execute();
    expect(screenings.length).toBeGreaterThan(120);
    for (const screening of screenings) {
      const answers = screening.answers.map(Number);
      const { total, item10 } = scoreEpds(answers);
      expect([screening.total, screening.item10]).toEqual([total, item10]);
    }
  });

  it("shows severe DMER at 7 or more in the fortnight before a prescriber referral", async () => {
    const { rows } = await sql<{ mean: string | number }>`
      select avg(e.intensity) as mean
        from interventions i
        join episodes e on e.practice_id = i.practice_id and e.client_id = i.client_id
         and e.occurred_at >= i.started_at - interval '14 days' and e.occurred_at < i.started_at
       where i.kind = 'prescriber_referral'
       group by i.id
    `.execute(database.db);
    const means = rows.map((row) => Number(row.mean));
    expect(means.length).toBeGreaterThan(3);
    expect(means.reduce((sum, value) => sum + value, 0) / means.length).toBeGreaterThanOrEqual(7);
  });

  it("refuses to seed the demo twice", async () => {
    await expect(seedDemo(database.db, { now: NOW })).rejects.toBeInstanceOf(SeedConflictError);
  });

  it("seeds synthetic practices next to the demo, with sign-ins for each", async () => {
    const result = await seedSynthetic(database.db, {
      practices: 2,
      clientsPerPractice: 12,
      episodesPerClient: 10,
      seed: 5,
      now: NOW,
      consultantsPerPractice: 2,
    });
    expect(result.signIns).toEqual([
      { email: "lead@practice-1.test", role: "lead" },
      { email: "consultant-1@practice-1.test", role: "consultant" },
      { email: "consultant-2@practice-1.test", role: "consultant" },
      { email: "lead@practice-2.test", role: "lead" },
      { email: "consultant-1@practice-2.test", role: "consultant" },
      { email: "consultant-2@practice-2.test", role: "consultant" },
    ]);
    expect(result).toMatchObject({ practices: 2, users: 6, clients: 24 });
    const practices = await database.db.selectFrom("practices").select("name").orderBy("name").execute();
    expect(practices.map((practice) => practice.name)).toEqual([
      "Be Well Baby",
      "North Shore Lactation",
      "Practice 1",
      "Practice 2",
    ]);
  });
});

import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withActor, type Actor, type WaveDatabase } from "@wave/db";
import { createTestPractice, openTestDatabase, testEpisode } from "@wave/db/testing";
import { weeklyOverview, type ClientSet, type Range, type WeekRow } from "./practice-analytics.repository.js";

// The overview reads counts and the drill-down reads ids from one statement
// with two aggregates; they must name the same clients, whatever time zone
// the database session happens to be in (weeks are Monday to Monday UTC).

const NOW = new Date();
const DAY = 86_400_000;
let database: WaveDatabase;
let lead: Actor;
// 52 weeks always hold both of a year's daylight-saving changes.
const range = (): Range => ({ practiceId: lead.practiceId, from: new Date(NOW.getTime() - 364 * DAY), to: NOW });

/** Clients admitted across the year, every third discharged weeks later, with episodes from admission on. */
async function seedYear(practiceId: string, consultantId: string): Promise<void> {
  for (let index = 0; index < 40; index += 1) {
    const createdAt = new Date(NOW.getTime() - (350 - index * 8.7) * DAY);
    const dischargedAt = index % 3 === 0 ? new Date(createdAt.getTime() + (20 + index) * DAY) : null;
    const client = await database.db
      .insertInto("clients")
      .values({
        practice_id: practiceId,
        primary_consultant_id: consultantId,
        display_name: `Client ${index}`,
        baby_birth_date: createdAt.toISOString().slice(0, 10),
        feeding_method: "nursing",
        created_at: createdAt,
        ...(dischargedAt ? { discharged_at: dischargedAt, status: "discharged" as const } : {}),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const episodes = Array.from({ length: 12 }, (_, n) =>
      testEpisode(practiceId, client.id, {
        occurred_at: new Date(createdAt.getTime() + (n * 2.3 + (index % 5)) * DAY),
        intensity: 1 + ((index * 7 + n * 3) % 10),
      }),
    ).filter((episode) => episode.occurred_at instanceof Date && episode.occurred_at < NOW);
    if (episodes.length > 0) await database.db.insertInto("episodes").values(episodes).execute();
  }
}

beforeAll(async () => {
  database = await openTestDatabase();
  const practice = await createTestPractice(database.db, "Weeks");
  await seedYear(practice.practiceId, practice.consultants[0].id);
  lead = { userId: practice.lead.id, practiceId: practice.practiceId, role: "lead" };
});
afterAll(() => database.close());

async function overviewIn<S extends ClientSet>(timeZone: string, clientSet: S): Promise<WeekRow<S>[]> {
  return withActor(database.db, lead, async (tx) => {
    await sql`select set_config('timezone', ${timeZone}, true)`.execute(tx);
    return weeklyOverview(tx, range(), clientSet);
  });
}

const MEASURES = ["activeClients", "episodeClients", "mildClients", "moderateClients", "severeClients", "newClients", "dischargedClients"] as const;

describe("the weekly overview", () => {
  it("counts exactly the clients its drill-down lists, week by week and measure by measure", async () => {
    const [counts, ids] = [await overviewIn("UTC", "count"), await overviewIn("UTC", "ids")];
    expect(counts.map((week) => week.weekStart)).toEqual(ids.map((week) => week.weekStart));
    for (const [index, week] of ids.entries()) {
      const counted = counts[index];
      for (const measure of MEASURES) expect({ week: week.weekStart, measure, clients: counted?.[measure] }).toEqual({ week: week.weekStart, measure, clients: week[measure].length });
      expect(counted?.episodes).toBe(week.episodes);
    }
    // Not a comparison of empty weeks: the year admits, discharges and records in many of them.
    for (const measure of MEASURES) expect(counts.some((week) => week[measure] > 0), measure).toBe(true);
  });

  it("gives the same weeks whatever the database session's time zone", async () => {
    const inUtc = await overviewIn("UTC", "ids");
    expect(inUtc).toHaveLength(53);
    for (const timeZone of ["Europe/London", "America/New_York", "Australia/Sydney"]) {
      expect(await overviewIn(timeZone, "ids"), timeZone).toEqual(inUtc);
    }
  });
});

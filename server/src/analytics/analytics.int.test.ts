import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WaveDatabase } from "@wave/db";
import { createTestPractice, openTestDatabase, TEST_PASSWORD, testEpisode, type TestPractice } from "@wave/db/testing";
import { signedInCaller } from "../testing.js";

let database: WaveDatabase;
let practice: TestPractice;
const DAY = 86_400_000;

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "Trend");
});
afterAll(() => database.close());

describe("analytics.clientTrend", () => {
  it("returns the client's points, weekly means and intervention markers", async () => {
    const clientId = practice.clients[0][0];
    const episodes = [
      testEpisode(practice.practiceId, clientId, { occurred_at: new Date(Date.now() - 10 * DAY), intensity: 8 }),
      testEpisode(practice.practiceId, clientId, { occurred_at: new Date(Date.now() - 9 * DAY), intensity: 6, self_harm_thoughts: true }),
      testEpisode(practice.practiceId, clientId, { occurred_at: new Date(Date.now() - DAY), intensity: 3 }),
    ];
    await database.db.insertInto("episodes").values(episodes).execute();
    const emily = await signedInCaller(database.db, practice.consultants[0].email, TEST_PASSWORD);
    const interventionId = randomUUID();
    await emily.interventions.create({ id: interventionId, clientId, kind: "education", startedAt: new Date(Date.now() - 5 * DAY).toISOString() });

    const trend = await emily.analytics.clientTrend({ clientId, bucket: "episode" });
    expect(trend.bucket).toBe("episode");
    expect(trend.points.map((point) => [point.intensity, point.selfHarm])).toEqual([
      [8, false],
      [6, true],
      [3, false],
    ]);
    expect(trend.weekly.reduce((sum, week) => sum + week.count, 0)).toBe(3);
    expect(trend.interventions).toEqual([expect.objectContaining({ id: interventionId, kind: "education" })]);
    expect(trend.babyBirthDate).toBe("2026-09-01");
    expect(trend.band).toBe("moderate");
  });
});

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WaveDatabase } from "@wave/db";
import { createTestPractice, openTestDatabase, TEST_PASSWORD, testEpisode, type TestPractice } from "@wave/db/testing";
import { outcomeOf, signedInCaller, userMessageOf, type Caller } from "../testing.js";

const DAY = 86_400_000;
let database: WaveDatabase;
let practice: TestPractice;
let emily: Caller;

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "Interventions");
  emily = await signedInCaller(database.db, practice.consultants[0].email, TEST_PASSWORD);
});
afterAll(() => database.close());

describe("interventions", () => {
  it("records an intervention and an outcome, with the 14-day means before and after", async () => {
    const clientId = practice.clients[0][0];
    const startedAt = new Date(Date.now() - 20 * DAY);
    const ratings: [number, number][] = [
      [-12, 8],
      [-6, 7],
      [-1, 6],
      [2, 4],
      [6, 3],
      [10, 2],
      [16, 1],
    ];
    for (const [days, intensity] of ratings) {
      await database.db
        .insertInto("episodes")
        .values(testEpisode(practice.practiceId, clientId, { occurred_at: new Date(startedAt.getTime() + days * DAY), intensity }))
        .execute();
    }
    const intervention = await emily.interventions.create({
      id: randomUUID(),
      clientId,
      kind: "education",
      startedAt: startedAt.toISOString(),
      details: "Named DMER; this is a reflex, not a mood.",
    });
    expect(intervention.before).toEqual({ count: 3, mean: 7, enough: true });
    expect(intervention.after).toEqual({ count: 3, mean: 3, enough: true });

    const outcomeId = randomUUID();
    const outcome = {
      id: outcomeId,
      clientId,
      interventionId: intervention.id,
      assessedAt: new Date().toISOString(),
      outcome: "improved" as const,
    };
    const withOutcome = await emily.interventions.recordOutcome(outcome);
    const replayed = await emily.interventions.recordOutcome(outcome);
    expect(withOutcome.outcomes).toHaveLength(1);
    expect(replayed.outcomes).toEqual(withOutcome.outcomes);
    expect(withOutcome.outcomes[0]).toMatchObject({ outcome: "improved", recordedByName: practice.consultants[0].name });

    const listed = await emily.interventions.list({ clientId });
    expect(listed.map((item) => item.id)).toEqual([intervention.id]);
  });

  it("says not enough data below 3 episodes", async () => {
    const intervention = await emily.interventions.create({
      id: randomUUID(),
      clientId: practice.clients[0][1],
      kind: "grounding",
      startedAt: new Date(Date.now() - DAY).toISOString(),
    });
    expect(intervention.before).toEqual({ count: 0, mean: null, enough: false });
  });

  it("is idempotent by id", async () => {
    const input = { id: randomUUID(), clientId: practice.clients[0][1], kind: "peer_support" as const, startedAt: new Date().toISOString() };
    const first = await emily.interventions.create(input);
    expect(await emily.interventions.create(input)).toEqual(first);
    expect((await emily.interventions.list({ clientId: input.clientId })).filter((item) => item.id === input.id)).toHaveLength(1);
  });

  it("requires details for Other, and an end after the start", async () => {
    const base = { id: randomUUID(), clientId: practice.clients[0][0], startedAt: new Date(Date.now() - DAY).toISOString() };
    expect(await userMessageOf(emily.interventions.create({ ...base, kind: "other" }))).toMatch(/details: Describe the intervention/);
    expect(await userMessageOf(
      emily.interventions.create({ ...base, kind: "lifestyle", endedAt: new Date(Date.now() - 2 * DAY).toISOString() }),
    )).toMatch(/endedAt: End must be after the start/);
  });

  it("refuses an outcome assessed before the intervention started", async () => {
    const intervention = await emily.interventions.create({
      id: randomUUID(),
      clientId: practice.clients[0][0],
      kind: "lifestyle",
      startedAt: new Date(Date.now() - DAY).toISOString(),
    });
    expect(await userMessageOf(
      emily.interventions.recordOutcome({
        id: randomUUID(),
        clientId: intervention.clientId,
        interventionId: intervention.id,
        assessedAt: new Date(Date.now() - 3 * DAY).toISOString(),
        outcome: "worse",
      }),
    )).toMatch(/assessedAt/);
  });

  it("answers NOT_FOUND for another consultant's client, or an intervention of another client", async () => {
    const second = await signedInCaller(database.db, practice.consultants[1].email, TEST_PASSWORD);
    expect(await outcomeOf(second.interventions.list({ clientId: practice.clients[0][0] }))).toBe("NOT_FOUND");
    const mine = await emily.interventions.create({
      id: randomUUID(),
      clientId: practice.clients[0][0],
      kind: "grounding",
      startedAt: new Date(Date.now() - DAY).toISOString(),
    });
    expect(
      await outcomeOf(
        emily.interventions.recordOutcome({
          id: randomUUID(),
          clientId: practice.clients[0][1],
          interventionId: mine.id,
          assessedAt: new Date().toISOString(),
          outcome: "improved",
        }),
      ),
    ).toBe("NOT_FOUND");
  });
});

describe("interventions.update", () => {
  it("changes an intervention at its version, and a stale version answers CONFLICT with what is stored now", async () => {
    const lead = await signedInCaller(database.db, practice.lead.email, TEST_PASSWORD);
    const created = await emily.interventions.create({
      id: randomUUID(),
      clientId: practice.clients[0][0],
      kind: "lifestyle",
      startedAt: new Date(Date.now() - 3 * DAY).toISOString(),
    });
    const base = { id: created.id, clientId: created.clientId, kind: "lifestyle" as const, startedAt: created.startedAt };
    const ended = await emily.interventions.update({ ...base, version: 1, endedAt: new Date().toISOString(), details: "Trigger log kept daily." });
    expect(ended).toMatchObject({ version: 2, details: "Trigger log kept daily." });
    expect(ended.endedAt).not.toBeNull();

    await lead.interventions.update({ ...base, version: 2, details: "Added hydration reminders." });
    expect(await outcomeOf(emily.interventions.update({ ...base, version: 2, details: "Mine" }))).toBe("CONFLICT");
    const [stored] = (await emily.interventions.list({ clientId: base.clientId })).filter((item) => item.id === base.id);
    expect(stored).toMatchObject({ version: 3, details: "Added hydration reminders." });
  });

  it("applies the same rules as create, and answers NOT_FOUND for another consultant's client", async () => {
    const created = await emily.interventions.create({
      id: randomUUID(),
      clientId: practice.clients[0][0],
      kind: "grounding",
      startedAt: new Date(Date.now() - DAY).toISOString(),
    });
    const base = { id: created.id, clientId: created.clientId, startedAt: created.startedAt, version: 1 };
    expect(await userMessageOf(emily.interventions.update({ ...base, kind: "other" }))).toMatch(/details: Describe the intervention/);
    const second = await signedInCaller(database.db, practice.consultants[1].email, TEST_PASSWORD);
    expect(await outcomeOf(second.interventions.update({ ...base, kind: "grounding" }))).toBe("NOT_FOUND");
  });

  it("refuses a start more than 9 months before the baby's birth, on create and on edit", async () => {
    // The test practice's babies were born on 2026-09-01.
    const clientId = practice.clients[0][0];
    const longBefore = "2025-11-01T10:00:00Z";
    expect(await userMessageOf(emily.interventions.create({ id: randomUUID(), clientId, kind: "education", startedAt: longBefore }))).toBe(
      "startedAt: Start cannot be more than 9 months before the baby's birth",
    );
    // Nursing an older child through the pregnancy: allowed.
    const inPregnancy = await emily.interventions.create({ id: randomUUID(), clientId, kind: "education", startedAt: "2026-03-01T10:00:00Z" });
    expect(inPregnancy.startedAt).toBe("2026-03-01T10:00:00.000Z");
    const edit = { id: inPregnancy.id, clientId, kind: "education" as const, version: inPregnancy.version, startedAt: longBefore };
    expect(await userMessageOf(emily.interventions.update(edit))).toMatch(/^startedAt: Start cannot be more than 9 months/);
    const [unchanged] = (await emily.interventions.list({ clientId })).filter((item) => item.id === inPregnancy.id);
    expect(unchanged).toMatchObject({ version: inPregnancy.version, startedAt: "2026-03-01T10:00:00.000Z" });
  });
});

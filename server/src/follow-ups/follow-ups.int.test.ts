import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WaveDatabase } from "@wave/db";
import { createTestPractice, openTestDatabase, TEST_PASSWORD, type TestPractice } from "@wave/db/testing";
import { outcomeOf, signedInCaller, userMessageOf, type Caller } from "../testing.js";

let database: WaveDatabase;
let practice: TestPractice;
let emily: Caller;

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "Follow-ups");
  emily = await signedInCaller(database.db, practice.consultants[0].email, TEST_PASSWORD);
});
afterAll(() => database.close());

describe("follow-ups", () => {
  it("schedules the next follow-up, moving it rather than stacking a second", async () => {
    const clientId = practice.clients[0][0];
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const inThreeDays = new Date(Date.now() + 3 * 86_400_000).toISOString();
    await emily.followUps.schedule({ clientId, dueAt: inTwoDays });
    const followUps = await emily.followUps.schedule({ clientId, dueAt: inThreeDays });
    expect(followUps.filter((followUp) => followUp.completedAt === null)).toHaveLength(1);
    expect((await emily.clients.byId({ clientId })).nextFollowUpAt).toBe(inThreeDays);
  });

  it("clears the urgent self-harm flag once a follow-up is completed, and not before", async () => {
    const clientId = practice.clients[0][1];
    await emily.episodes.create({
      id: randomUUID(),
      clientId,
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      intensity: 8,
      types: ["despondency"],
      context: "nursing",
      letDown: "first",
      durationSeconds: 120,
      impact: "avoiding_feeds",
      selfHarmThoughts: true,
      ratedAfterEducation: true,
    });
    await emily.followUps.schedule({ clientId, dueAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect((await emily.clients.byId({ clientId })).summary.flags).toContain("self_harm");

    const followUps = await emily.followUps.complete({ clientId, notes: "Called the same day; safety plan in place." });
    expect(followUps[0]).toMatchObject({ completedByName: practice.consultants[0].name, notes: "Called the same day; safety plan in place." });
    const after = await emily.clients.byId({ clientId });
    expect(after.summary.flags).not.toContain("self_harm");
    expect(after.nextFollowUpAt).toBeNull();
    expect(after.sinceLastVisit.lastVisitAt).not.toBeNull();
  });

  it("records an unscheduled contact when no follow-up was open", async () => {
    const followUps = await emily.followUps.complete({ clientId: practice.clients[0][0], notes: "Phoned in with a question." });
    expect(followUps.some((followUp) => followUp.notes === "Phoned in with a question.")).toBe(true);
  });

  it("needs a note to complete, and answers NOT_FOUND for another consultant's client", async () => {
    expect(await userMessageOf(emily.followUps.complete({ clientId: practice.clients[0][0], notes: "  " }))).toMatch(/notes: Write a short note/);
    expect(await outcomeOf(emily.followUps.complete({ clientId: practice.clients[1][0], notes: "x" }))).toBe("NOT_FOUND");
  });
});

describe("notes", () => {
  it("adds a note once per id and lists notes newest first", async () => {
    const clientId = practice.clients[0][0];
    const input = { id: randomUUID(), clientId, body: "Discussed hydration before feeds." };
    const first = await emily.notes.create(input);
    expect(await emily.notes.create(input)).toEqual(first);
    const later = await emily.notes.create({ id: randomUUID(), clientId, body: "Peer group details shared." });
    const listed = await emily.notes.list({ clientId });
    expect(listed.map((note) => note.id)).toEqual([later.id, first.id]);
    expect(listed[0]?.authorName).toBe(practice.consultants[0].name);
  });
});

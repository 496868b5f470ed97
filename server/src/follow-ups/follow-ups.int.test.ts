import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WaveDatabase } from "@wave/db";
import { createTestPractice, openTestDatabase, TEST_PASSWORD, type TestPractice } from "@wave/db/testing";
import { outcomeOf, signedInCaller, userMessageOf, type Caller } from "../testing.js";

let database: WaveDatabase;
let practice: TestPractice;
let emily: Caller;

const HOUR = 3_600_000;
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "Follow-ups");
  emily = await signedInCaller(database.db, practice.consultants[0].email, TEST_PASSWORD);
});
afterAll(() => database.close());

async function reportSelfHarm(clientId: string): Promise<void> {
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
}

const complete = (clientId: string, extra: Partial<Parameters<Caller["followUps"]["complete"]>[0]> = {}) =>
  emily.followUps.complete({ id: randomUUID(), clientId, outcome: "reached", contact: "phone", notes: "Called.", ...extra });

describe("follow-ups", () => {
  it("schedules the next follow-up, moving it rather than stacking a second", async () => {
    const clientId = practice.clients[0][0];
    const inThreeDays = inHours(72);
    await emily.followUps.schedule({ clientId, dueAt: inHours(48) });
    const followUps = await emily.followUps.schedule({ clientId, dueAt: inThreeDays });
    expect(followUps.filter((followUp) => followUp.completedAt === null)).toHaveLength(1);
    expect((await emily.clients.byId({ clientId })).nextFollowUpAt).toBe(inThreeDays);
  });

  it("refuses to schedule a follow-up in the past, naming the field", async () => {
    const clientId = practice.clients[0][0];
    expect(await userMessageOf(emily.followUps.schedule({ clientId, dueAt: inHours(-2) }))).toMatch(/dueAt: Due cannot be in the past/);
  });

  it("keeps the alert open after a contact that did not reach the client, and resolves it after one that did", async () => {
    const clientId = practice.clients[0][1];
    await reportSelfHarm(clientId);
    const dueAt = inHours(24);
    await emily.followUps.schedule({ clientId, dueAt });
    expect((await emily.clients.byId({ clientId })).summary.flags).toContain("self_harm");

    const tried = await complete(clientId, { outcome: "not_reached", contact: "phone", notes: "No answer; left a voicemail." });
    expect(tried.find((followUp) => followUp.outcome === "not_reached")).toMatchObject({ contact: "phone", resolvedAlerts: 0 });
    const stillOpen = await emily.clients.byId({ clientId });
    expect(stillOpen.summary.flags[0]).toBe("self_harm");
    expect((await emily.alerts.list()).rows.filter((alert) => alert.clientId === clientId)).toHaveLength(1);

    const reached = await complete(clientId, { notes: "Called back the same day; safety plan in place." });
    expect(reached.find((followUp) => followUp.notes?.startsWith("Called back"))).toMatchObject({
      outcome: "reached",
      resolvedAlerts: 1,
      completedByName: practice.consultants[0].name,
    });
    const after = await emily.clients.byId({ clientId });
    expect(after.summary.flags).not.toContain("self_harm");
    // The scheduled visit was not consumed by the urgent call.
    expect(after.nextFollowUpAt).not.toBeNull();
    expect(Date.parse(after.nextFollowUpAt ?? "")).toBe(Date.parse(dueAt));
    const all = await emily.alerts.list({ status: "all" });
    const resolvedAlert = all.rows.find((alert) => alert.clientId === clientId);
    expect(resolvedAlert?.resolvedByName).toBe(practice.consultants[0].name);
    expect(reached.map((followUp) => followUp.id)).toContain(resolvedAlert?.resolvingFollowUpId);
  });

  it("completes the scheduled follow-up only when told this contact was it, and books the next in the same write", async () => {
    const clientId = practice.clients[0][0];
    const [open] = (await emily.followUps.list({ clientId })).filter((followUp) => followUp.completedAt === null);
    expect(open).toBeDefined();
    const nextDueAt = inHours(24 * 7);
    const followUps = await complete(clientId, { scheduledFollowUpId: open?.id, nextDueAt, notes: "Routine visit." });
    expect(followUps.find((followUp) => followUp.id === open?.id)).toMatchObject({ outcome: "reached", notes: "Routine visit." });
    const stillOpen = followUps.filter((followUp) => followUp.completedAt === null);
    expect(stillOpen.map((followUp) => Date.parse(followUp.dueAt))).toEqual([Date.parse(nextDueAt)]);
    // Naming a follow-up that is no longer open is refused with a field message.
    expect(await userMessageOf(complete(clientId, { scheduledFollowUpId: open?.id }))).toMatch(/scheduledFollowUpId: That follow-up is no longer open/);
  });

  it("writes a replayed completion once, even when sent concurrently", async () => {
    const clientId = practice.clients[0][0];
    const input = { id: randomUUID(), clientId, outcome: "reached" as const, notes: "Double-clicked save." };
    const before = (await emily.followUps.list({ clientId })).length;
    await Promise.all([emily.followUps.complete(input), emily.followUps.complete(input), emily.followUps.complete(input)]);
    await emily.followUps.complete(input);
    expect((await emily.followUps.list({ clientId })).length).toBe(before + 1);
  });

  it("needs an outcome and a note, and answers NOT_FOUND for another consultant's client", async () => {
    const clientId = practice.clients[0][0];
    expect(await userMessageOf(complete(clientId, { notes: "  " }))).toMatch(/notes: Write a short note/);
    expect(
      await userMessageOf(
        emily.followUps.complete({ id: randomUUID(), clientId, notes: "x", outcome: "maybe" as unknown as "reached" }),
      ),
    ).toMatch(/outcome: Say whether you reached the client/);
    expect(await userMessageOf(complete(clientId, { nextDueAt: inHours(-30) }))).toMatch(/nextDueAt: Next follow-up cannot be in the past/);
    expect(await outcomeOf(complete(practice.clients[1][0]))).toBe("NOT_FOUND");
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

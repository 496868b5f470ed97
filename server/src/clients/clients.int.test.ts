import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPractice, openTestDatabase, TEST_PASSWORD, testEpisode, type TestPractice } from "@wave/db/testing";
import type { WaveDatabase } from "@wave/db";
import type { VersionConflict } from "../errors.js";
import { isoDateDaysAgo, outcomeOf, signedInCaller, userMessageOf } from "../testing.js";

let database: WaveDatabase;
let practice: TestPractice;
let otherPractice: TestPractice;

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "Clients");
  otherPractice = await createTestPractice(database.db, "Elsewhere");
});
afterAll(() => database.close());


describe("clients.byId", () => {
  it("tells what changed since the last follow-up that reached the client: episodes, their mean against the 14 days before, outcomes", async () => {
    const [consultant] = practice.consultants;
    const clientId = practice.clients[0][1];
    const day = 24 * 60 * 60 * 1000;
    const ago = (days: number) => new Date(Date.now() - days * day);
    const episodeAt = (days: number, intensity: number) =>
      testEpisode(practice.practiceId, clientId, { occurred_at: ago(days), intensity, source: "consultant", recorded_by: consultant.id });
    const emily = await signedInCaller(database.db, consultant.email, TEST_PASSWORD);
    // Before any visit: every episode counts as new, and there is nothing to compare with.
    await database.db.insertInto("episodes").values([episodeAt(20, 1), episodeAt(10, 4), episodeAt(6, 2), episodeAt(3, 5), episodeAt(1, 4)]).execute();
    expect((await emily.clients.byId({ clientId })).sinceLastVisit).toMatchObject({ lastVisitAt: null, episodes: 5, meanNow: 3.2, meanThen: null });

    // A visit 5 days ago that reached the client, and a later call that did not (an attempt, not a visit).
    const visitAt = ago(5);
    const followUp = (at: Date, outcome: "reached" | "not_reached") => ({
      practice_id: practice.practiceId,
      client_id: clientId,
      due_at: at,
      completed_at: at,
      completed_by: consultant.id,
      created_by: consultant.id,
      outcome,
      contact: "phone" as const,
    });
    await database.db.insertInto("follow_ups").values([followUp(visitAt, "reached"), followUp(ago(2), "not_reached")]).execute();
    // An intervention with an outcome before the visit and one after it.
    const interventionId = randomUUID();
    await database.db
      .insertInto("interventions")
      .values({ practice_id: practice.practiceId, id: interventionId, client_id: clientId, kind: "grounding", started_at: ago(12), recorded_by: consultant.id })
      .execute();
    const outcomeAt = (days: number) => ({
      practice_id: practice.practiceId,
      intervention_id: interventionId,
      assessed_at: ago(days),
      outcome: "improved" as const,
      recorded_by: consultant.id,
      created_at: ago(days),
    });
    await database.db.insertInto("intervention_outcomes").values([outcomeAt(7), outcomeAt(4)]).execute();

    const since = (await emily.clients.byId({ clientId })).sinceLastVisit;
    // Since the visit: the episodes 3 and 1 days ago (5 and 4); in the 14 days up to it, those 10 and 6 days ago (4 and 2), not the one 20 days ago.
    expect(since).toMatchObject({ lastVisitAt: visitAt.toISOString(), episodes: 2, meanNow: 4.5, meanThen: 3, outcomesRecorded: 1 });
  });

  it("returns the profile with its summary to the assigned consultant, and audits the read", async () => {
    const emily = await signedInCaller(database.db, practice.consultants[0].email, TEST_PASSWORD);
    const clientId = practice.clients[0][0];
    const client = await emily.clients.byId({ clientId });
    expect(client).toMatchObject({
      clientId,
      displayName: "Ada A.",
      babyBirthDate: "2026-09-01",
      feedingMethod: "nursing",
      status: "active",
      version: 1,
      consultantName: practice.consultants[0].name,
    });
    expect(client.summary).toMatchObject({ episodes30d: 0, band: null, trend: "insufficient_data", flags: [] });
    const audit = await database.db
      .selectFrom("audit_log")
      .select(["action", "actor_id"])
      .where("practice_id", "=", practice.practiceId)
      .where("entity_id", "=", clientId)
      .execute();
    expect(audit).toContainEqual({ action: "client.read", actor_id: practice.consultants[0].id });
  });

  it("answers NOT_FOUND for another consultant's client, exactly as for a client that does not exist", async () => {
    const emily = await signedInCaller(database.db, practice.consultants[0].email, TEST_PASSWORD);
    const colleagues = await emily.clients.byId({ clientId: practice.clients[1][0] }).catch((error: unknown) => error);
    const missing = await emily.clients.byId({ clientId: "00000000-0000-4000-8000-000000000000" }).catch((error: unknown) => error);
    expect(colleagues).toBeInstanceOf(TRPCError);
    expect(missing).toBeInstanceOf(TRPCError);
    expect((colleagues as TRPCError).code).toBe("NOT_FOUND");
    expect((colleagues as TRPCError).message).toBe((missing as TRPCError).message);
  });

  it("lets a lead see any client of the practice but none of another practice", async () => {
    const lead = await signedInCaller(database.db, practice.lead.email, TEST_PASSWORD);
    expect(await outcomeOf(lead.clients.byId({ clientId: practice.clients[1][1] }))).toBe("OK");
    expect(await outcomeOf(lead.clients.byId({ clientId: otherPractice.clients[0][0] }))).toBe("NOT_FOUND");
  });

  it("rejects a malformed id with BAD_REQUEST naming clientId", async () => {
    const lead = await signedInCaller(database.db, practice.lead.email, TEST_PASSWORD);
    expect(await userMessageOf(lead.clients.byId({ clientId: "42" }))).toMatch(/clientId/);
  });
});

describe("clients.create and clients.update", () => {
  const fields = { displayName: "Nora N.", babyBirthDate: isoDateDaysAgo(47), feedingMethod: "pumping" as const, consideringWeaning: false };

  it("lets a consultant create a client of their own, once per id", async () => {
    const emily = await signedInCaller(database.db, practice.consultants[0].email, TEST_PASSWORD);
    const id = randomUUID();
    const created = await emily.clients.create({ ...fields, id });
    expect(created).toMatchObject({ clientId: id, primaryConsultantId: practice.consultants[0].id, version: 1, status: "active" });
    expect(await emily.clients.create({ ...fields, id })).toEqual(created);
    expect((await emily.caseload.list({ search: "Nora" })).total).toBe(1);
  });

  it("refuses a consultant assigning a client to a colleague; a lead must name an active consultant", async () => {
    const emily = await signedInCaller(database.db, practice.consultants[0].email, TEST_PASSWORD);
    expect(await outcomeOf(emily.clients.create({ ...fields, primaryConsultantId: practice.consultants[1].id }))).toBe("FORBIDDEN");
    const lead = await signedInCaller(database.db, practice.lead.email, TEST_PASSWORD);
    expect(await userMessageOf(lead.clients.create(fields))).toMatch(/primaryConsultantId/);
    expect(await userMessageOf(lead.clients.create({ ...fields, primaryConsultantId: otherPractice.consultants[0].id }))).toMatch(/active consultant of your practice/);
    const assigned = await lead.clients.create({ ...fields, primaryConsultantId: practice.consultants[1].id });
    expect(assigned.consultantName).toBe(practice.consultants[1].name);
  });

  it("names the field for a birth date in the future", async () => {
    const emily = await signedInCaller(database.db, practice.consultants[0].email, TEST_PASSWORD);
    expect(await userMessageOf(emily.clients.create({ ...fields, babyBirthDate: "2099-01-01" }))).toMatch(/babyBirthDate: Baby's birth date cannot be in the future/);
  });

  it("updates at the version, and a stale version answers CONFLICT with what is stored now", async () => {
    const emily = await signedInCaller(database.db, practice.consultants[0].email, TEST_PASSWORD);
    const lead = await signedInCaller(database.db, practice.lead.email, TEST_PASSWORD);
    const created = await emily.clients.create(fields);
    const updated = await emily.clients.update({ ...fields, clientId: created.clientId, version: 1, consideringWeaning: true });
    expect(updated).toMatchObject({ consideringWeaning: true, version: 2 });
    expect(updated.summary.flags).toContain("considering_weaning");

    await lead.clients.update({ ...fields, clientId: created.clientId, version: 2, displayName: "Nora Q." });
    const conflict = await emily.clients
      .update({ ...fields, clientId: created.clientId, version: 2, displayName: "Nora Z." })
      .catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(TRPCError);
    expect((conflict as TRPCError).code).toBe("CONFLICT");
    expect(((conflict as TRPCError).cause as VersionConflict).current).toMatchObject({ displayName: "Nora Q.", version: 3 });
    expect((await emily.clients.byId({ clientId: created.clientId })).displayName).toBe("Nora Q.");
  });
});

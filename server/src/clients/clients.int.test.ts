import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPractice, openTestDatabase, TEST_PASSWORD, type TestPractice } from "@wave/db/testing";
import type { WaveDatabase } from "@wave/db";
import { outcomeOf, signedInCaller } from "../testing.js";

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
    await expect(lead.clients.byId({ clientId: "42" })).rejects.toThrow(/clientId/);
  });
});

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
  practice = await createTestPractice(database.db, "Screenings");
  emily = await signedInCaller(database.db, practice.consultants[0].email, TEST_PASSWORD);
});
afterAll(() => database.close());

const epds = (clientId: string, answers: number[]) => ({ id: randomUUID(), clientId, takenAt: new Date().toISOString(), answers });

describe("screenings.createEpds", () => {
  it("scores on the server: CONTRACT.md's example scores 0", async () => {
    const screening = await emily.screenings.createEpds(epds(practice.clients[0][0], [0, 0, 3, 0, 3, 3, 3, 3, 3, 3]));
    expect(screening).toMatchObject({ total: 0, item10: 0, interpretation: "below_threshold", instrument: "epds" });
  });

  it("reverse-scores items 3 and 5-10", async () => {
    const screening = await emily.screenings.createEpds(epds(practice.clients[0][0], [1, 1, 1, 1, 1, 1, 1, 1, 1, 3]));
    // Items 1, 2 and 4 score 1 each (3); items 3 and 5-9 score 2 each (12); item 10's last option scores 0.
    expect(screening).toMatchObject({ total: 15, item10: 0, interpretation: "probable_depression" });
  });

  it("raises the urgent self-harm flag when item 10 is above 0, whatever the total", async () => {
    const clientId = practice.clients[0][1];
    await emily.screenings.createEpds(epds(clientId, [0, 0, 3, 0, 3, 3, 3, 3, 3, 2]));
    const client = await emily.clients.byId({ clientId });
    expect(client.summary.flags).toContain("self_harm");
    expect(client.summary.flags).not.toContain("epds_high");
    const caseload = await emily.caseload.list();
    expect(caseload.rows[0]?.clientId).toBe(clientId);
  });

  it("lists screenings newest first and is idempotent by id", async () => {
    const input = epds(practice.clients[0][0], [2, 2, 1, 2, 1, 1, 1, 1, 1, 3]);
    const first = await emily.screenings.createEpds(input);
    expect(await emily.screenings.createEpds(input)).toEqual(first);
    const listed = await emily.screenings.list({ clientId: input.clientId });
    expect(listed.filter((screening) => screening.id === input.id)).toHaveLength(1);
  });

  it("asks for all ten answers, each one of the four options", async () => {
    expect(await userMessageOf(emily.screenings.createEpds(epds(practice.clients[0][0], [0, 1, 2])))).toMatch(/answers: Answer all ten questions/);
    expect(await userMessageOf(emily.screenings.createEpds(epds(practice.clients[0][0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 4])))).toMatch(/answers\.9: Choose one of the four options/);
  });

  it("answers NOT_FOUND for another consultant's client", async () => {
    const second = await signedInCaller(database.db, practice.consultants[1].email, TEST_PASSWORD);
    expect(await outcomeOf(second.screenings.createEpds(epds(practice.clients[0][0], [0, 0, 3, 0, 3, 3, 3, 3, 3, 3])))).toBe(
      "NOT_FOUND",
    );
  });
});

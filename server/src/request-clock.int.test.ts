import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WaveDatabase } from "@wave/db";
import { createTestPractice, openTestDatabase, TEST_PASSWORD, type TestPractice } from "@wave/db/testing";
import { outcomeOf, signedInCaller, userMessageOf } from "./testing.js";

// The shared schemas read "now" from the calling request's clock (ctx.now, the
// app's options.now), not the machine's: docs/decisions/0023-one-form-layer.md.

let database: WaveDatabase;
let practice: TestPractice;

const DAY = 24 * 3_600_000;
/** A clock a month behind the machine's. */
const monthAgo = new Date(Date.now() - 30 * DAY);

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "Request clock");
});
afterAll(() => database.close());

describe("the request's clock", () => {
  it("judges 'not in the past' by the caller's clock", async () => {
    const email = practice.consultants[0].email;
    const clientId = practice.clients[0][0];
    // Due a day after the request's "now": in the future for it, a month gone for the machine.
    const dueAt = new Date(monthAgo.getTime() + DAY).toISOString();

    const behind = await signedInCaller(database.db, email, TEST_PASSWORD, { now: () => monthAgo });
    expect(await outcomeOf(behind.followUps.schedule({ clientId, dueAt }))).toBe("OK");

    const onTime = await signedInCaller(database.db, email, TEST_PASSWORD);
    expect(await userMessageOf(onTime.followUps.schedule({ clientId, dueAt }))).toMatch(/dueAt: Due cannot be in the past/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WaveDatabase } from "@wave/db";
import { createTestPractice, openTestDatabase, TEST_PASSWORD, type TestPractice } from "@wave/db/testing";
import { signedInCaller } from "../testing.js";

let database: WaveDatabase;
let practice: TestPractice;

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "Users");
  await createTestPractice(database.db, "Users elsewhere");
});
afterAll(() => database.close());

describe("users.list", () => {
  it("lists a lead's own practice staff, and nobody else's", async () => {
    const lead = await signedInCaller(database.db, practice.lead.email, TEST_PASSWORD);
    const staff = await lead.users.list();
    expect(staff.map((member) => member.id).sort()).toEqual(
      [practice.lead.id, practice.consultants[0].id, practice.consultants[1].id].sort(),
    );
  });
});

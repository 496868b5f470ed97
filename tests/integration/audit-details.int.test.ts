import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WaveDatabase } from "@wave/db";
import { createTestPractice, openTestDatabase, TEST_PASSWORD, type TestPractice } from "@wave/db/testing";
import { signedInCaller } from "@wave/server/testing";
import { InterventionKind, Outcome } from "@wave/shared";

// docs/security.md: audit details carry identifiers, counts and field names,
// never the clinical values themselves. A lead reading the audit trail of an
// intervention learns that it was recorded, not what it was or how it went.

let database: WaveDatabase;
let practice: TestPractice;

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "Audit details");
});
afterAll(() => database.close());

describe("audit details", () => {
  it("name no intervention kind and no outcome, however the intervention is written", async () => {
    const consultant = await signedInCaller(database.db, practice.consultants[0].email, TEST_PASSWORD);
    const clientId = practice.clients[0][0];
    const id = randomUUID();
    const created = await consultant.interventions.create({
      id,
      clientId,
      kind: "grounding",
      startedAt: new Date(Date.now() - 86_400_000).toISOString(),
    });
    await consultant.interventions.update({
      id,
      clientId,
      kind: "education",
      startedAt: new Date(Date.now() - 86_400_000).toISOString(),
      version: created.version,
    });
    await consultant.interventions.recordOutcome({
      id: randomUUID(),
      clientId,
      interventionId: id,
      assessedAt: new Date().toISOString(),
      outcome: "improved",
    });

    const rows = await database.db
      .selectFrom("audit_log")
      .select(["action", sql<string>`details::text`.as("details")])
      .where("practice_id", "=", practice.practiceId)
      .where("entity", "=", "intervention")
      .execute();
    expect(rows.map((row) => row.action).sort()).toEqual(["intervention.create", "intervention.record_outcome", "intervention.update"]);
    const values = [...InterventionKind.options, ...Outcome.options];
    for (const row of rows) {
      for (const value of values) expect(row.details, `${row.action} details`).not.toContain(`"${value}"`);
    }
  });
});

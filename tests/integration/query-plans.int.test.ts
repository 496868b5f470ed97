import { randomInt } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword, type ExecutedQuery, type WaveDatabase } from "@wave/db";
import { DEMO_PASSWORD, insertPlan, planPractice, syntheticPracticeSpec } from "@wave/db/seed";
import { openTestDatabase } from "@wave/db/testing";
import { signedInCaller } from "@wave/server/testing";
import { HOT_PROCEDURES, linkHolderOf, type HotProcedureFixture } from "../support/hot-procedures.js";
import { explain, replayableStatements, sequentialScansOf, setsApplicationRole, subplansAddedByPolicies, type ReplayableStatement } from "../support/query-plans.js";

// The plans of the hot procedures (tests/support/hot-procedures.ts) at a
// practice size where the planner prefers indexes: every statement each
// procedure runs, planned with the values it ran with, inside a transaction
// set up exactly as the app set it up (its role and set_config values,
// replayed first). Two rules (docs/decisions/0027-rls-one-check-per-statement.md):
//
// - Row-level security adds no per-row subquery. Matched precisely: a plan
//   node whose "Parent Relationship" is "SubPlan" (Postgres re-runs it for
//   each outer row; an "InitPlan", run once per statement, is allowed), named
//   by the tables it reads, that the same statement planned as the owner
//   (who bypasses row-level security) does not have. The app's own correlated
//   subqueries are in both plans and so are not counted.
// - No sequential scan of episodes, the table that grows without bound.
//
// Both engines: embedded Postgres (PGlite, Postgres 17) plans with the same
// planner as a server, from the statistics ANALYZE gives it, so its plans
// must keep to the same rules; a server may be another major version.

const SIZE = { clientsPerPractice: 300, episodesPerClient: 50, consultantsPerPractice: 6 } as const;
const PRACTICES = 4;

let database: WaveDatabase;
let recording: ExecutedQuery[] | null = null;
let callers: HotProcedureFixture;

beforeAll(async () => {
  database = await openTestDatabase({ onQuery: (query) => recording?.push(query) });
  const roles = await sql<{ bypasses: boolean }>`
    select rolsuper or rolbypassrls as bypasses from pg_roles where rolname = current_user`.execute(database.db);
  // Without it the owner's plans would be of an empty view, and the comparison meaningless.
  expect(roles.rows[0]?.bypasses, "the test database's user must bypass row-level security").toBe(true);

  // The practice among neighbours, as in production (and the benchmark's
  // twenty): a query that reads beyond its practice shows as a scan of the
  // whole table. Practice numbers of their own: on a server the database is
  // shared with the other test files.
  const first = randomInt(100_000, 1_000_000);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const specs = Array.from({ length: PRACTICES }, (_, index) =>
    syntheticPracticeSpec({ practices: PRACTICES, seed: first, ...SIZE }, first + index, new Date()),
  );
  for (const practiceSpec of specs) await insertPlan(database.db, planPractice(practiceSpec), passwordHash);
  await sql`analyze`.execute(database.db);
  const spec = specs[0]!;

  const consultantEmail = spec.staff.find((member) => member.role === "consultant")?.email;
  const leadEmail = spec.staff.find((member) => member.role === "lead")?.email;
  if (!consultantEmail || !leadEmail) throw new Error("the practice has no consultant or lead");
  const consultant = await signedInCaller(database.db, consultantEmail, DEMO_PASSWORD);
  const lead = await signedInCaller(database.db, leadEmail, DEMO_PASSWORD);
  const clientId = (await consultant.caseload.list({})).rows[0]?.clientId;
  if (!clientId) throw new Error("the consultant has no clients");
  callers = { consultant, lead, clientId, ...(await linkHolderOf(database.db, consultant, clientId)) };
}, 180_000);
afterAll(() => database.close());

/** The statements a procedure ran, with their transactions' set-up. */
async function statementsOf(call: (callers: HotProcedureFixture) => Promise<unknown>): Promise<ReplayableStatement[]> {
  const executed: ExecutedQuery[] = [];
  recording = executed;
  try {
    await call(callers);
  } finally {
    recording = null;
  }
  return replayableStatements(executed);
}

/** A statement as a failure names it: its first words. */
const named = (replay: ReplayableStatement) => replay.statement.sql.replace(/\s+/g, " ").trim().slice(0, 120);

describe("query plans of the hot procedures", () => {
  it.each(HOT_PROCEDURES.map((procedure) => [procedure.name, (fixture: HotProcedureFixture) => procedure.call(fixture)] as const))("%s: no per-row subplan from row-level security, no sequential scan of episodes", async (_name, call) => {
    const statements = await statementsOf(call);
    expect(statements.length).toBeGreaterThan(0);
    // Each ran as the application role: the plans below are the ones row-level security shapes.
    expect(statements.every((replay) => replay.setUp.some(setsApplicationRole))).toBe(true);
    for (const replay of statements) {
      const withPolicies = await explain(database.db, replay);
      const withoutPolicies = await explain(database.db, replay, { withoutRowLevelSecurity: true });
      expect({ statement: named(replay), subplansAddedByPolicies: subplansAddedByPolicies(withPolicies, withoutPolicies) }).toEqual({
        statement: named(replay),
        subplansAddedByPolicies: [],
      });
      expect({ statement: named(replay), seqScansOfEpisodes: sequentialScansOf(withPolicies, "episodes").length }).toEqual({
        statement: named(replay),
        seqScansOfEpisodes: 0,
      });
    }
  });
});

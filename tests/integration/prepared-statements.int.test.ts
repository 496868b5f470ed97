import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateToLatest, openServerDatabase, PREPARED_STATEMENT, type WaveDatabase } from "@wave/db";
import { createTestPractice, TEST_PASSWORD, testEpisode } from "@wave/db/testing";
import { signedInCaller } from "@wave/server/testing";
import { openServerTestDatabase, type ServerTestDatabase } from "../support/server-database.js";

// The caseload's statements and the session lookup run as named prepared
// statements on a Postgres server (db/src/connection.ts): planned once per connection, then the same
// answers from the generic plan Postgres switches to after five executions.

let server: ServerTestDatabase;
let database: WaveDatabase;

beforeAll(async () => {
  server = await openServerTestDatabase("prepared");
  // One connection, so the statements the test lists are the ones the calls prepared.
  database = openServerDatabase({ connectionString: server.url, maxConnections: 1 });
  await migrateToLatest(database.db);
}, 60_000);
afterAll(async () => {
  await database?.close();
  await server?.drop();
});

describe("prepared statements on a Postgres server", () => {
  it("prepare the caseload's statements and the session lookup once, and answer the same from their generic plans", async () => {
    const practice = await createTestPractice(database.db, "Prepared");
    const [client] = practice.clients[0];
    const day = 24 * 60 * 60 * 1000;
    await database.db
      .insertInto("episodes")
      .values([3, 2, 1].map((daysAgo) => testEpisode(practice.practiceId, client, { occurred_at: new Date(Date.now() - daysAgo * day), intensity: 6 })))
      .execute();
    const lead = await signedInCaller(database.db, practice.lead.email, TEST_PASSWORD);
    // Which plan Postgres picks after five executions is a cost estimate, and
    // the database may be the run's shared one, whose statistics move under
    // other files' writes: the generic plans are forced on this test's one
    // connection, so the answers below are always theirs.
    await sql`set plan_cache_mode = force_generic_plan`.execute(database.db);

    const first = await lead.caseload.list({ pageSize: 3 });
    for (let call = 0; call < 7; call++) await lead.caseload.list({ pageSize: 3 });
    const eighth = await lead.caseload.list({ pageSize: 3 });
    expect(eighth).toEqual(first);
    expect(first.rows[0]?.episodes7d).toBe(3);

    const { rows } = await sql<{ name: string; statement: string; generic_plans: number }>`
      select name, statement, generic_plans::int from pg_prepared_statements where name like 'wave\\_%'
    `.execute(database.db);
    expect(rows.every((row) => row.statement.startsWith(PREPARED_STATEMENT))).toBe(true);
    // The session lookup, prepared too, ran once, when the caller signed in, before the generic plans were forced.
    const isSessionLookup = (row: { statement: string }) => /\bfrom sessions s\b/.test(row.statement);
    expect(rows.filter(isSessionLookup)).toHaveLength(1);
    // The page and the pinned block: prepared once, the later calls reusing them.
    const caseload = rows.filter((row) => !isSessionLookup(row));
    expect(caseload).toHaveLength(2);
    expect(caseload.every((row) => row.generic_plans > 0)).toBe(true);
  });
});

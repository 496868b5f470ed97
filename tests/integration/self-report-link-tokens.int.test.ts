import { createHash, randomBytes, randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMigrator, migrateToLatest, openEmbeddedDatabase, openServerDatabase, type WaveDatabase } from "@wave/db";
import { createServerDatabase, createTestPractice, dropServerDatabase, TEST_ENV, type TestPractice } from "@wave/db/testing";
import { SELF_REPORT_ENDED } from "@wave/shared";
import { anonymousCaller, userMessageOf } from "@wave/server/testing";

// Migration 2026-12-01T0008 (docs/decisions/0032-self-report-link-tokens.md):
// a link's token now finds its practice in self_report_link_tokens first. Only
// the token's hash is stored, so links handed out before the migration cannot
// be re-minted: the migration must carry them over. Proven on a database of
// this file's own (migrating one down and up would disturb every other file
// sharing the run's database), on the run's engine.

const BEFORE = "2026-12-01T0007_practice-aggregates";
const THIS = "2026-12-01T0008_self-report-link-tokens";

let database: WaveDatabase;
let dropDatabase: () => Promise<void> = () => Promise.resolve();
let practice: TestPractice;
let otherPractice: TestPractice;

async function openFreshDatabase(): Promise<WaveDatabase> {
  const runDatabase = process.env[TEST_ENV.serverUrl];
  if (!runDatabase) return openEmbeddedDatabase();
  const name = `wave_link_tokens_${randomBytes(6).toString("hex")}`;
  const url = await createServerDatabase(runDatabase, name);
  dropDatabase = () => dropServerDatabase(runDatabase, name);
  return openServerDatabase({ connectionString: url, maxConnections: 2 });
}

/** A link as the server wrote one before the migration: its hash on the link alone. */
async function linkWrittenBefore(owner: TestPractice, options: { revoked?: boolean } = {}): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const consultant = owner.consultants[0];
  const now = Date.now();
  await sql`insert into self_report_links (practice_id, client_id, token_hash, created_by, created_at, expires_at, revoked_at, revoked_by)
            values (${owner.practiceId}, ${owner.clients[0][0]}, ${createHash("sha256").update(token).digest("hex")}, ${consultant.id},
                    ${new Date(now - 86_400_000)}, ${new Date(now + 7 * 86_400_000)},
                    ${options.revoked ? new Date(now - 60_000) : null}, ${options.revoked ? consultant.id : null})`.execute(database.db);
  return token;
}

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

let live: string;
let revoked: string;
let otherLive: string;

beforeAll(async () => {
  database = await openFreshDatabase();
  const migrated = await createMigrator(database.db).migrateTo(BEFORE);
  expect(migrated.error).toBeUndefined();
  practice = await createTestPractice(database.db, "Link tokens");
  otherPractice = await createTestPractice(database.db, "Link tokens other");
  live = await linkWrittenBefore(practice);
  revoked = await linkWrittenBefore(practice, { revoked: true });
  otherLive = await linkWrittenBefore(otherPractice);
  expect(await migrateToLatest(database.db)).toContain(THIS);
}, 120_000);

afterAll(async () => {
  await database.close();
  await dropDatabase();
});

describe("self-report links handed out before migration 2026-12-01T0008", () => {
  it("keep working: the client's page loads and a report is saved, each in its own practice", async () => {
    const phone = anonymousCaller(database.db);
    const practices = await database.db.selectFrom("practices").select(["id", "name"]).execute();
    const nameOf = (id: string) => practices.find((row) => row.id === id)?.name;
    expect((await phone.selfReport.status({ token: live })).practiceName).toBe(nameOf(practice.practiceId));
    expect((await phone.selfReport.status({ token: otherLive })).practiceName).toBe(nameOf(otherPractice.practiceId));

    const id = randomUUID();
    const sent = { id, occurredAt: new Date(Date.now() - 60_000).toISOString(), intensity: 4, selfHarmThoughts: false };
    expect(await phone.selfReport.submit({ token: live, episode: sent })).toEqual({ saved: true, id });
    const stored = await database.db.selectFrom("episodes").select(["practice_id", "client_id", "source"]).where("id", "=", id).execute();
    expect(stored).toEqual([{ practice_id: practice.practiceId, client_id: practice.clients[0][0], source: "client" }]);
  });

  it("stay ended when they were revoked, in the words of any ended link", async () => {
    const phone = anonymousCaller(database.db);
    expect(await userMessageOf(phone.selfReport.status({ token: revoked }))).toBe(SELF_REPORT_ENDED);
  });

  it("each have their practice's token row, and a hash still names one link in all of Wave", async () => {
    const tokens = await database.db.selectFrom("self_report_link_tokens").select(["token_hash", "practice_id"]).orderBy("token_hash").execute();
    const expected = [
      { token_hash: hashOf(live), practice_id: practice.practiceId },
      { token_hash: hashOf(revoked), practice_id: practice.practiceId },
      { token_hash: hashOf(otherLive), practice_id: otherPractice.practiceId },
    ].sort((a, b) => a.token_hash.localeCompare(b.token_hash));
    expect(tokens).toEqual(expected);

    // The other practice's hash on a link of this practice: refused, by the token table's key and the link's foreign key.
    const reuse = sql`insert into self_report_links (practice_id, client_id, token_hash, created_by, expires_at)
                      values (${practice.practiceId}, ${practice.clients[0][0]}, ${hashOf(otherLive)}, ${practice.consultants[0].id},
                              ${new Date(Date.now() + 86_400_000)})`.execute(database.db);
    await expect(reuse).rejects.toMatchObject({ code: "23503" });
  });

  it("survive the migration going down and up again", async () => {
    const down = await createMigrator(database.db).migrateTo(BEFORE);
    expect(down.error).toBeUndefined();
    // Down to before it: this migration and every later one, which come back up with it.
    const undone = (down.results ?? []).map((result) => result.migrationName).reverse();
    expect(undone[0]).toBe(THIS);
    const constraints = await sql<{ name: string }>`
      select conname as name from pg_constraint where conrelid = 'self_report_links'::regclass and contype = 'u'`.execute(database.db);
    expect(constraints.rows.map((row) => row.name)).toEqual(["self_report_links_token_hash_key"]);
    expect(await migrateToLatest(database.db)).toEqual(undone);
    const name = await database.db.selectFrom("practices").select("name").where("id", "=", practice.practiceId).executeTakeFirstOrThrow();
    expect((await anonymousCaller(database.db).selfReport.status({ token: live })).practiceName).toBe(name.name);
  });
});

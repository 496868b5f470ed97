import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateToLatest, openEmbeddedDatabase, openServerDatabase, REPO_ROOT, withActor, type Database, type WaveDatabase } from "@wave/db";
import { seedSynthetic } from "@wave/db/seed";
import { createServerDatabase, dropServerDatabase, TEST_ENV } from "@wave/db/testing";

// `pnpm db:backup` and `pnpm db:restore` (docs/decisions/0017-backups.md),
// run as an operator runs them: a seeded database is backed up, restored
// into a fresh target, and every table of the schema compared row by row,
// ordered by primary key, on the engine the suite runs on.

const run = promisify(execFile);
const serverUrl = process.env[TEST_ENV.serverUrl];
const SEED = { practices: 1, clientsPerPractice: 5, episodesPerClient: 10, seed: 8 } as const;

interface Cli {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs db/src/cli/<command>.ts with only the environment given (no DATABASE_URL or DATA_DIR leaks in). */
async function cli(command: "backup" | "restore", args: string[], env: Record<string, string>): Promise<Cli> {
  const started = performance.now();
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", `src/cli/${command}.ts`, ...args], {
      cwd: path.join(REPO_ROOT, "db"),
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root", ...env },
    });
    return { code: 0, stdout, stderr, ms: performance.now() - started };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "", ms: performance.now() - started };
  }
}

interface Snapshot {
  /** Each table's rows as JSON, ordered by primary key. */
  tables: Record<string, string[]>;
  sequences: Record<string, string | null>;
}

/** Every base table of the public schema, read as the owner (past row-level security). */
async function snapshot(db: Kysely<Database>): Promise<Snapshot> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const result: Snapshot = { tables: {}, sequences: {} };
  for (const { name } of tables.rows) {
    const key = await sql<{ column: string }>`
      select a.attname as column
        from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
       where i.indrelid = ${`public.${name}`}::regclass and i.indisprimary
       order by array_position(i.indkey::int2[], a.attnum)`.execute(db);
    const order = key.rows.length > 0 ? sql.join(key.rows.map((row) => sql.ref(`t.${row.column}`))) : sql`1`;
    const rows = await sql<{ row: string }>`select to_jsonb(t)::text as row from ${sql.table(name)} as t order by ${order}`.execute(db);
    result.tables[name] = rows.rows.map((row) => row.row);
  }
  const sequences = await sql<{ name: string; value: string | null }>`
    select sequencename as name, last_value::text as value from pg_sequences where schemaname = 'public' order by 1`.execute(db);
  for (const row of sequences.rows) result.sequences[row.name] = row.value;
  return result;
}

/** What row-level security rests on: policies, forced RLS, the application role's grants. */
async function accessRules(db: Kysely<Database>): Promise<unknown[]> {
  const policies = await sql`
    select tablename, policyname, roles::text, cmd, qual, with_check from pg_policies where schemaname = 'public' order by 1, 2`.execute(db);
  const forced = await sql`
    select relname, relrowsecurity, relforcerowsecurity from pg_class
     where relnamespace = 'public'::regnamespace and relkind = 'r' order by 1`.execute(db);
  const grants = await sql`
    select table_name, privilege_type from information_schema.role_table_grants
     where grantee = 'wave_app' and table_schema = 'public' order by 1, 2`.execute(db);
  const triggers = await sql`
    select tgrelid::regclass::text as table, tgname from pg_trigger where not tgisinternal order by 1, 2`.execute(db);
  return [policies.rows, forced.rows, grants.rows, triggers.rows];
}

async function seed(database: WaveDatabase): Promise<void> {
  await migrateToLatest(database.db);
  await seedSynthetic(database.db, { ...SEED, now: new Date("2026-11-20T12:00:00Z") });
  // A practice this small may have no report of self-harm, and the seed writes
  // no audit rows: both tables must survive too, so both get rows.
  const practice = await database.db.selectFrom("practices").select("id").executeTakeFirstOrThrow();
  const episode = await database.db
    .selectFrom("episodes")
    .select(["id", "client_id", "occurred_at"])
    .orderBy("id")
    .executeTakeFirstOrThrow();
  await database.db
    .insertInto("safety_alerts")
    .values({ practice_id: practice.id, client_id: episode.client_id, source: "episode", source_id: episode.id, reported_at: episode.occurred_at })
    .execute();
  await database.db
    .insertInto("audit_log")
    .values([
      { practice_id: practice.id, actor_id: null, action: "read", entity: "client", entity_id: null, details: "{}" },
      { practice_id: practice.id, actor_id: null, action: "create", entity: "episode", entity_id: null, details: '{"count": 1}' },
    ])
    .execute();
}

function expectWhole(restored: Snapshot, original: Snapshot): void {
  expect(Object.keys(restored.tables)).toEqual(Object.keys(original.tables));
  for (const table of ["practices", "users", "clients", "episodes", "safety_alerts", "audit_log", "kysely_migration"]) {
    expect(original.tables[table]?.length, table).toBeGreaterThan(0);
  }
  for (const [table, rows] of Object.entries(original.tables)) expect(restored.tables[table], table).toEqual(rows);
  expect(restored.sequences).toEqual(original.sequences);
}

function report(engine: string, backup: Cli, restore: Cli, file: string, original: Snapshot): void {
  const rows = Object.values(original.tables).reduce((sum, table) => sum + table.length, 0);
  console.info(
    `backup round trip (${engine}): ${rows} rows in ${Object.keys(original.tables).length} tables, ` +
      `file ${(statSync(file).size / 1024).toFixed(0)} kB; db:backup ${backup.ms.toFixed(0)} ms, db:restore ${restore.ms.toFixed(0)} ms ` +
      `(each including ~1 s of tsx start-up)`,
  );
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), "wave-backup-"));
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

if (!serverUrl) {
  describe("backups of an embedded store", () => {
    let source: string;
    let original: Snapshot;

    beforeAll(async () => {
      source = path.join(work, "source");
      const database = await openEmbeddedDatabase({ dataDir: source });
      try {
        await seed(database);
        original = await snapshot(database.db);
      } finally {
        await database.close();
      }
    });

    it("restores into an empty DATA_DIR exactly what was backed up", async () => {
      const file = path.join(work, "embedded.tar.gz");
      const backup = await cli("backup", ["--file", file], { DATA_DIR: source });
      expect(backup.stderr).toBe("");
      expect(backup.code).toBe(0);
      expect(backup.stdout).toContain(`Backed up the embedded database in ${source} to ${file}`);
      expect(statSync(file).mode & 0o777).toBe(0o600);

      const target = path.join(work, "restored");
      const restore = await cli("restore", ["--file", file], { DATA_DIR: target });
      expect(restore.stderr).toBe("");
      expect(restore.code).toBe(0);

      const restored = await openEmbeddedDatabase({ dataDir: target });
      try {
        expectWhole(await snapshot(restored.db), original);
      } finally {
        await restored.close();
      }
      report("embedded", backup, restore, file, original);

      // A second backup onto the same file is refused; so is a restore over data.
      expect((await cli("backup", ["--file", file], { DATA_DIR: source })).code).toBe(3);
      const over = await cli("restore", ["--file", file], { DATA_DIR: target });
      expect(over.code).toBe(5);
      expect(over.stderr).toContain(`DATA_DIR ${target} is not empty`);
    });

    it("replaces a store's contents with --force, and refuses files that are not its backups", async () => {
      const file = path.join(work, "force.tar.gz");
      expect((await cli("backup", ["--file", file], { DATA_DIR: source })).code).toBe(0);
      const target = path.join(work, "replaced");
      const other = await openEmbeddedDatabase({ dataDir: target });
      await migrateToLatest(other.db);
      await other.db.insertInto("practices").values({ name: "To be replaced" }).execute();
      await other.close();

      const restore = await cli("restore", ["--file", file, "--force"], { DATA_DIR: target });
      expect(restore.code).toBe(0);
      const restored = await openEmbeddedDatabase({ dataDir: target });
      try {
        expectWhole(await snapshot(restored.db), original);
      } finally {
        await restored.close();
      }

      const missing = await cli("restore", ["--file", path.join(work, "nothing-here")], { DATA_DIR: path.join(work, "empty") });
      expect(missing.code).toBe(3);
      expect(missing.stderr).toContain("does not exist");
      const notABackup = await cli("restore", ["--file", path.join(REPO_ROOT, "package.json")], { DATA_DIR: path.join(work, "empty") });
      expect(notABackup.code).toBe(4);
      expect(notABackup.stderr).toContain("is not a Wave backup");
      expect((await cli("restore", [], { DATA_DIR: path.join(work, "empty") })).code).toBe(2);
    });
  });
} else {
  describe("backups of a Postgres server database", () => {
    const suffix = randomBytes(4).toString("hex");
    const names = { source: `wave_backup_src_${suffix}`, target: `wave_backup_dst_${suffix}`, forced: `wave_backup_force_${suffix}` };
    const urls: Record<keyof typeof names, string> = { source: "", target: "", forced: "" };
    let original: Snapshot;
    let originalRules: unknown[];

    beforeAll(async () => {
      for (const key of Object.keys(names) as (keyof typeof names)[]) urls[key] = await createServerDatabase(serverUrl, names[key]);
      const database = openServerDatabase({ connectionString: urls.source, maxConnections: 2 });
      try {
        await seed(database);
        original = await snapshot(database.db);
        originalRules = await accessRules(database.db);
      } finally {
        await database.close();
      }
    });
    afterAll(async () => {
      for (const name of Object.values(names)) await dropServerDatabase(serverUrl, name);
    });

    it("restores into an empty database every row, policy and grant, and row-level security still holds", async () => {
      const file = path.join(work, "server.dump");
      const backup = await cli("backup", ["--file", file], { DATABASE_URL: urls.source });
      expect(backup.stderr).toBe("");
      expect(backup.code).toBe(0);
      expect(statSync(file).mode & 0o777).toBe(0o600);

      const restore = await cli("restore", ["--file", file], { DATABASE_URL: urls.target });
      expect(restore.stderr).toBe("");
      expect(restore.code).toBe(0);

      const restored = openServerDatabase({ connectionString: urls.target, maxConnections: 2 });
      try {
        expectWhole(await snapshot(restored.db), original);
        expect(await accessRules(restored.db)).toEqual(originalRules);
        // As the application role: a consultant sees only their own clients, and nothing of another practice.
        const consultant = await restored.db
          .selectFrom("users")
          .select(["id", "practice_id"])
          .where("role", "=", "consultant")
          .orderBy("email")
          .executeTakeFirstOrThrow();
        const own = await restored.db
          .selectFrom("clients")
          .select("id")
          .where("primary_consultant_id", "=", consultant.id)
          .execute();
        const seen = await withActor(restored.db, { userId: consultant.id, practiceId: consultant.practice_id, role: "consultant" }, (tx) =>
          tx.selectFrom("clients").select("id").execute(),
        );
        expect(seen.map((row) => row.id).sort()).toEqual(own.map((row) => row.id).sort());
        expect(own.length).toBeGreaterThan(0);
        const stranger = await withActor(
          restored.db,
          { userId: consultant.id, practiceId: "00000000-0000-4000-8000-000000000000", role: "lead" },
          (tx) => tx.selectFrom("episodes").select("id").execute(),
        );
        expect(stranger).toEqual([]);
      } finally {
        await restored.close();
      }
      report("server", backup, restore, file, original);

      const over = await cli("restore", ["--file", file], { DATABASE_URL: urls.target });
      expect(over.code).toBe(5);
      expect(over.stderr).toContain("is not empty");
    });

    it("replaces a database's contents with --force, and refuses an embedded backup", async () => {
      const file = path.join(work, "force.dump");
      expect((await cli("backup", ["--file", file], { DATABASE_URL: urls.source })).code).toBe(0);
      const other = openServerDatabase({ connectionString: urls.forced, maxConnections: 2 });
      await migrateToLatest(other.db);
      await other.db.insertInto("practices").values({ name: "To be replaced" }).execute();
      await other.close();

      const restore = await cli("restore", ["--file", file, "--force"], { DATABASE_URL: urls.forced });
      expect(restore.stderr).toBe("");
      expect(restore.code).toBe(0);
      const restored = openServerDatabase({ connectionString: urls.forced, maxConnections: 2 });
      try {
        expectWhole(await snapshot(restored.db), original);
      } finally {
        await restored.close();
      }

      const embedded = path.join(work, "embedded-looking.tar.gz");
      writeFileSync(embedded, gzipSync(Buffer.from("not a tarball")));
      const wrong = await cli("restore", ["--file", embedded], { DATABASE_URL: urls.forced });
      expect(wrong.code).toBe(4);
      expect(wrong.stderr).toContain("is a backup of an embedded store");
    });
  });
}

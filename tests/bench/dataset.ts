import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import pg from "pg";
import { createMigrator, migrateToLatest, openServerDatabase } from "@wave/db";
import { seedSynthetic, type SeedSummary } from "@wave/db/seed";
import { BENCH_DATABASE_NAME, MAX_DATASET_AGE_DAYS, type DatasetSize } from "./config.js";

/**
 * The bench dataset: `wave_bench` on the Postgres server, seeded once at the
 * target size and reused while it still matches (docs/decisions/0029). What
 * it holds is written as the database's comment, so the fingerprint lives
 * with the data and adds no table to the application's schema.
 */
export interface DatasetFingerprint {
  size: DatasetSize;
  /** The newest migration applied when it was seeded: a newer one means a fresh seed. */
  latestMigration: string;
  seededAt: string;
  seedSeconds: number;
  counts: SeedSummary;
}

export interface Dataset {
  url: string;
  fingerprint: DatasetFingerprint;
  /** True when this run seeded it; false when an existing one was reused. */
  seeded: boolean;
  /** Why it was (re)seeded, when it was. */
  reason: string | null;
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The database's comment parsed as a fingerprint; null when there is no database, or no (readable) comment. */
async function readFingerprint(serverUrl: string): Promise<{ exists: boolean; fingerprint: DatasetFingerprint | null }> {
  return withAdmin(serverUrl, async (admin) => {
    const result = await admin.query<{ comment: string | null }>(
      "select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1",
      [BENCH_DATABASE_NAME],
    );
    const row = result.rows[0];
    if (!row) return { exists: false, fingerprint: null };
    try {
      return { exists: true, fingerprint: row.comment ? (JSON.parse(row.comment) as DatasetFingerprint) : null };
    } catch {
      return { exists: true, fingerprint: null };
    }
  });
}

/** The newest migration the code has, and whether the database has applied every one. */
async function migrationState(url: string): Promise<{ latest: string; pending: number }> {
  const database = openServerDatabase({ connectionString: url, maxConnections: 1 });
  try {
    const migrations = await createMigrator(database.db).getMigrations();
    return { latest: migrations.at(-1)?.name ?? "", pending: migrations.filter((m) => m.executedAt === undefined).length };
  } finally {
    await database.close();
  }
}

function sameSize(a: DatasetSize, b: DatasetSize): boolean {
  return (Object.keys(a) as (keyof DatasetSize)[]).every((key) => a[key] === b[key]);
}

/** Why the existing dataset cannot be reused, or null when it can. */
async function staleReason(serverUrl: string, url: string, size: DatasetSize, reseed: boolean): Promise<string | null> {
  if (reseed) return "BENCH_RESEED=1";
  const { exists, fingerprint } = await readFingerprint(serverUrl);
  if (!exists) return `no ${BENCH_DATABASE_NAME} database yet`;
  if (!fingerprint) return `${BENCH_DATABASE_NAME} has no bench fingerprint (not seeded by pnpm bench, or interrupted)`;
  if (!sameSize(fingerprint.size, size)) return `it holds another size (${JSON.stringify(fingerprint.size)})`;
  const ageDays = (Date.now() - Date.parse(fingerprint.seededAt)) / 86_400_000;
  if (!(ageDays <= MAX_DATASET_AGE_DAYS)) return `it was seeded ${ageDays.toFixed(1)} days ago (its recent weeks would be empty)`;
  const migrations = await migrationState(url);
  if (migrations.pending > 0 || migrations.latest !== fingerprint.latestMigration) {
    return `migrations changed since it was seeded (${fingerprint.latestMigration} -> ${migrations.latest})`;
  }
  return null;
}

async function seedFresh(serverUrl: string, url: string, size: DatasetSize): Promise<DatasetFingerprint> {
  await withAdmin(serverUrl, async (admin) => {
    await admin.query(`drop database if exists ${BENCH_DATABASE_NAME} with (force)`);
    await admin.query(`create database ${BENCH_DATABASE_NAME}`);
  });
  const database = openServerDatabase({ connectionString: url, maxConnections: 2 });
  try {
    const applied = await migrateToLatest(database.db);
    const started = performance.now();
    const { signIns: _signIns, ...counts } = await seedSynthetic(database.db, {
      practices: size.practices,
      clientsPerPractice: size.clientsPerPractice,
      episodesPerClient: size.episodesPerClient,
      consultantsPerPractice: size.consultantsPerPractice,
      seed: size.seed,
    });
    const seedSeconds = Math.round((performance.now() - started) / 100) / 10;
    // Fresh statistics, the visibility map and hint bits set, so the first
    // measured run reads the database as autovacuum would soon leave it, not
    // as a bulk load leaves it (index-only scans visiting the heap, every
    // first read writing hint bits: about twice the floor, measured).
    await sql`vacuum (analyze)`.execute(database.db);
    const fingerprint: DatasetFingerprint = {
      size,
      latestMigration: applied.at(-1) ?? "",
      seededAt: new Date().toISOString(),
      seedSeconds,
      counts,
    };
    // Written last: an interrupted seed leaves no fingerprint, so the next run seeds again.
    const literal = JSON.stringify(fingerprint).replaceAll("'", "''");
    await sql.raw(`comment on database ${BENCH_DATABASE_NAME} is '${literal}'`).execute(database.db);
    return fingerprint;
  } finally {
    await database.close();
  }
}

/** The bench database at `size`, reused when it still matches, else dropped and seeded afresh. */
export async function ensureDataset(serverUrl: string, size: DatasetSize, reseed: boolean): Promise<Dataset> {
  const url = databaseUrl(serverUrl, BENCH_DATABASE_NAME);
  const reason = await staleReason(serverUrl, url, size, reseed);
  if (reason === null) {
    const { fingerprint } = await readFingerprint(serverUrl);
    if (!fingerprint) throw new Error("the bench fingerprint vanished while it was read");
    return { url, fingerprint, seeded: false, reason: null };
  }
  return { url, fingerprint: await seedFresh(serverUrl, url, size), seeded: true, reason };
}

/** The Postgres server's version string, for the results. */
export async function serverVersion(serverUrl: string): Promise<string> {
  return withAdmin(serverUrl, async (admin) => {
    const result = await admin.query<{ version: string }>("select version()");
    return result.rows[0]?.version ?? "unknown";
  });
}

import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrateToLatest, openServerDatabase } from "@wave/db";
import { createServerDatabase, dropServerDatabase, TEST_ENV } from "@wave/db/testing";

/** .ci/run's server, and the one a developer machine runs by default (as the browser tests use). */
const LOCAL_SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export interface ServerTestDatabase {
  /** A migrated database on a Postgres server. */
  url: string;
  /** Drops it, if this file created it. */
  drop(): Promise<void>;
}

/**
 * For tests of what only a Postgres server does (several app servers on one
 * database, cancelling a backend's statement): they run whichever engine the
 * suite runs on. On a server run they use the run's database; on an embedded
 * run they migrate a database of their own on TEST_DATABASE_URL's server, or
 * the local one, and drop it afterwards. Without a server they stop at once
 * and say so, as the browser tests do.
 */
export async function openServerTestDatabase(label: string): Promise<ServerTestDatabase> {
  const runDatabase = process.env[TEST_ENV.serverUrl];
  if (runDatabase) return { url: runDatabase, drop: () => Promise.resolve() };

  const serverUrl = process.env.TEST_DATABASE_URL ?? LOCAL_SERVER_URL;
  await assertServerAnswers(serverUrl);
  const name = `wave_${label}_${randomBytes(6).toString("hex")}`;
  const url = await createServerDatabase(serverUrl, name);
  const database = openServerDatabase({ connectionString: url, maxConnections: 2 });
  try {
    await migrateToLatest(database.db);
  } finally {
    await database.close();
  }
  return { url, drop: () => dropServerDatabase(serverUrl, name) };
}

async function assertServerAnswers(serverUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
  } catch (error) {
    const where = new URL(serverUrl);
    throw new Error(
      `These tests need a Postgres server (a role that may create databases) and none answered at ${where.host}: ` +
        `start one, or set TEST_DATABASE_URL. (${error instanceof Error ? error.message : String(error)})`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

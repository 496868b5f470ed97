import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import type { Database } from "./schema.js";

export type DatabaseKind = "embedded" | "server";

export interface WaveDatabase {
  db: Kysely<Database>;
  kind: DatabaseKind;
  close(): Promise<void>;
  /** Embedded only: the whole data directory as a tarball (test templates, backups). */
  dumpDataDir?: () => Promise<Blob>;
}

const PG_TYPE = { int8: 20, date: 1082 } as const;

// Both engines return the same JavaScript values: `date` as the YYYY-MM-DD
// string it is (never a local-midnight Date), counts as numbers.
const parseDate = (value: string): string => value;
const parseInt8 = (value: string): number => Number(value);

export interface EmbeddedOptions {
  /** A directory, or undefined for an in-memory database (tests). */
  dataDir?: string;
  /** A data directory dump to start from (a migrated template, in tests). */
  loadDataDir?: Blob | File;
}

export async function openEmbeddedDatabase(options: EmbeddedOptions = {}): Promise<WaveDatabase> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    parsers: { [PG_TYPE.date]: parseDate, [PG_TYPE.int8]: parseInt8 },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: "embedded",
    close: () => db.destroy(),
    dumpDataDir: () => pglite.dumpDataDir("none"),
  };
}

export interface ServerOptions {
  connectionString: string;
  maxConnections?: number;
  /** Called when an idle connection fails (the server restarted, say). */
  onPoolError?: (error: Error) => void;
}

export function openServerDatabase(options: ServerOptions): WaveDatabase {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    // Never wait forever for a connection: fail the request with a clear error.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") => {
        if (oid === PG_TYPE.date) return parseDate;
        if (oid === PG_TYPE.int8) return parseInt8;
        return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its server emits 'error' on the pool; unhandled,
  // that would crash the process. The next checkout gets a fresh connection.
  pool.on("error", (error) => options.onPoolError?.(error));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: "server", close: () => db.destroy() };
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  onPoolError?: (error: Error) => void;
}

/** DATABASE_URL set: that server through a pool. Unset: embedded Postgres in dataDir. */
export async function openDatabase(options: OpenOptions): Promise<WaveDatabase> {
  if (options.databaseUrl) {
    return openServerDatabase({
      connectionString: options.databaseUrl,
      ...(options.onPoolError ? { onPoolError: options.onPoolError } : {}),
    });
  }
  return openEmbeddedDatabase({ dataDir: options.dataDir });
}

import path from "node:path";
import { z } from "zod";

/** The repository root: DATA_DIR defaults to <root>/.data whichever package a command runs in. */
// Two levels up from db/src, and from server/dist, where the server's bundle (which includes this file) lives.
export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

const DatabaseEnv = z.object({
  DATABASE_URL: z.string().trim().min(1).optional(),
  DATA_DIR: z.string().trim().min(1).optional(),
  INIT_CWD: z.string().optional(),
});

export interface DatabaseConfig {
  /** A Postgres server; undefined means embedded Postgres in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
}

/**
 * Where the database is, from the environment. A relative DATA_DIR is taken
 * relative to where the user ran the command (pnpm's INIT_CWD), not to the
 * package folder pnpm runs the script in.
 */
export function parseDatabaseEnv(source: Record<string, string | undefined>): DatabaseConfig {
  const env = DatabaseEnv.parse(source);
  const dataDir = env.DATA_DIR
    ? path.resolve(env.INIT_CWD ?? process.cwd(), env.DATA_DIR)
    : path.join(REPO_ROOT, ".data");
  return { databaseUrl: env.DATABASE_URL, dataDir };
}

/**
 * A path the user typed (`--file backup.tar.gz`), taken relative to where the
 * command was typed, like DATA_DIR.
 */
export function resolveUserPath(source: Record<string, string | undefined>, typed: string): string {
  return path.resolve(DatabaseEnv.parse(source).INIT_CWD ?? process.cwd(), typed);
}

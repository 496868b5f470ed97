import { openServerDatabase, type WaveDatabase } from "@wave/db";
import { databaseUnavailableReason } from "../database-errors.js";
import type { Env } from "../env.js";
import type { Logger } from "../logger.js";

/**
 * The read replica in READ_DATABASE_URL, which the lead's practice-wide
 * analytics read (docs/decisions/0028), or undefined when it is unset. Its
 * pool connects on demand, like the primary's, so opening it needs no server.
 */
export function openReadReplica(env: Pick<Env, "readDatabaseUrl">, log: Logger): WaveDatabase | undefined {
  if (!env.readDatabaseUrl) return undefined;
  return openServerDatabase({
    connectionString: env.readDatabaseUrl,
    // A code only: an error's text may quote the connection string.
    onPoolError: (error) => log.warn({ reason: databaseUnavailableReason(error) ?? error.name }, "read replica connection lost; it will be replaced"),
  });
}

import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";

const QUIET_TIMEOUT_MS = 120_000;

/**
 * Waits until no statement runs on `database` but this check's own. After a
 * load run the server may still be working through requests whose clients
 * have gone (a queue of heavy analytics keeps running for seconds): the next
 * measurement must not start on a busy machine. Returns how long it waited.
 */
export async function waitUntilDatabaseIdle(connectionString: string): Promise<number> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const started = Date.now();
  try {
    for (;;) {
      const result = await client.query<{ busy: number }>(
        "select count(*)::int as busy from pg_stat_activity where datname = current_database() and state = 'active' and pid <> pg_backend_pid()",
      );
      if ((result.rows[0]?.busy ?? 0) === 0) return Date.now() - started;
      if (Date.now() - started > QUIET_TIMEOUT_MS) throw new Error(`the database was still busy ${QUIET_TIMEOUT_MS / 1000} s after a run`);
      await sleep(100);
    }
  } finally {
    await client.end();
  }
}

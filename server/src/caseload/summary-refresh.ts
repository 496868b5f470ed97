import { sql, type Kysely } from "kysely";
import type { Logger } from "pino";
import type { Database } from "@wave/db";

// The scheduled half of the client summaries (docs/decisions/0026): time
// passing moves episodes out of the caseload's 7-, 14-, 28- and 30-day
// windows. A summary whose windows have lapsed is still read exactly (the
// caseload then counts that client's episodes itself), but slower; this
// refresh recomputes lapsed summaries in small batches so such reads stay rare.

export interface SummaryRefreshOptions {
  /** How often to look for lapsed summaries. */
  intervalMs: number;
  /** Summaries recomputed per statement: one short transaction each. */
  batchSize: number;
  /** Batches per tick at most, so one tick never hogs a connection. */
  maxBatchesPerTick: number;
}

export const DEFAULT_SUMMARY_REFRESH: Readonly<SummaryRefreshOptions> = {
  intervalMs: 30_000,
  batchSize: 500,
  maxBatchesPerTick: 20,
};

// Any app server may run the refresh; the advisory lock lets one at a time.
const REFRESH_LOCK_KEY = 0x57617665; // "Wave"

/** One batch: recomputes up to batchSize lapsed summaries; how many it did, or null if another server holds the turn. */
export async function refreshLapsedSummaries(db: Kysely<Database>, batchSize: number): Promise<number | null> {
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('statement_timeout', '10000', true)`.execute(tx);
    const lock = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${REFRESH_LOCK_KEY}) as locked`.execute(tx);
    if (!lock.rows[0]?.locked) return null;
    const result = await sql<{ refreshed: number }>`
      select wave_client_summaries_refresh_stale(now(), ${batchSize}) as refreshed
    `.execute(tx);
    return result.rows[0]?.refreshed ?? 0;
  });
}

/** Starts the periodic refresh; the returned function stops it and waits for a tick under way. */
export function startSummaryRefresh(
  db: Kysely<Database>,
  log: Logger,
  options: SummaryRefreshOptions = DEFAULT_SUMMARY_REFRESH,
): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const tick = async () => {
    for (let batch = 0; batch < options.maxBatchesPerTick && !stopped; batch++) {
      const refreshed = await refreshLapsedSummaries(db, options.batchSize);
      if (refreshed === null || refreshed < options.batchSize) return;
    }
  };
  const timer = setInterval(() => {
    running = running.then(tick).catch((error: unknown) => {
      // The code only: an error's text may quote data.
      const code = typeof error === "object" && error && "code" in error ? String(error.code) : "unknown";
      log.warn({ code }, "caseload summary refresh failed; the caseload stays exact, and it is retried on the next tick");
    });
  }, options.intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}

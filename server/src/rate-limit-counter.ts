import { createHash } from "node:crypto";
import { TRPCError } from "@trpc/server";
import type { WaveDatabase } from "@wave/db";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

// The counters behind every rate limit (sign-in attempts, self-report links):
// rate-limiter-flexible, in Postgres on a server so every app server shares
// the counts, in memory on embedded Postgres, which is one process.

/** The database's pool for shared counters (Postgres server only). */
export type CounterPool = NonNullable<WaveDatabase["counterPool"]>;

/** A table in rate-limiter-flexible's layout, made by a migration (the app role never needs CREATE). */
export type CounterTable = "sign_in_attempts" | "self_report_counts";

export interface CounterOptions {
  points: number;
  windowSeconds: number;
  keyPrefix: string;
  table: CounterTable;
}

/**
 * `pool` is the database's counterPool on a Postgres server. Embedded
 * Postgres has no second connection to give; it is also only ever one
 * process (the data-directory lock), so the process's memory is the whole
 * count there.
 */
export function createCounter(options: CounterOptions, pool: CounterPool | undefined): RateLimiterAbstract {
  const { points, windowSeconds, keyPrefix } = options;
  const memory = new RateLimiterMemory({ points, duration: windowSeconds, keyPrefix });
  if (!pool) return memory;
  return new RateLimiterPostgres({
    storeClient: pool,
    storeType: "pool",
    tableName: options.table,
    tableCreated: true,
    points,
    duration: windowSeconds,
    keyPrefix,
    // The database being away must not lift the limit: this process keeps
    // counting on its own until it answers again.
    insuranceLimiter: memory,
  });
}

/** The key stored: a hash, so a counter table names no email, address or token. */
export function counterKey(kind: string, value: string): string {
  return createHash("sha256").update(`${kind}:${value.trim().toLowerCase()}`).digest("hex");
}

/** Why a call was refused and how long until one may be tried again (app.ts turns it into Retry-After). */
export class AttemptsExhausted extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A counter's refusal as TOO_MANY_REQUESTS, with the wait in `cause`; any
 * other failure is thrown as it is.
 */
export function refusedByCounter(rejection: unknown, message: (minutes: number) => string): never {
  if (!(rejection instanceof RateLimiterRes)) throw rejection;
  const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  const cause = new AttemptsExhausted(retryAfterSeconds, message(Math.ceil(retryAfterSeconds / 60)));
  throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: cause.message, cause });
}

/** "Try again in 1 minute" / "in 14 minutes". */
export function tryAgainIn(minutes: number): string {
  return `Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}

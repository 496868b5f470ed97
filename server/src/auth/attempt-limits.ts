import { createHash } from "node:crypto";
import { TRPCError } from "@trpc/server";
import type { WaveDatabase } from "@wave/db";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

/**
 * Brute-force limits on the two procedures that check a password (sign-in and
 * password change), docs/decisions/0020. Every attempt is counted before the
 * password is checked, against the account and against the address it came
 * from, and handed back if it succeeded: so the counts are failures, and no
 * burst of concurrent or batched guesses gets past the limit while argon2 is
 * still busy with the first ones.
 */
export interface AttemptLimitOptions {
  /** Failed attempts per account per window (ASVS 2.2.1 asks for at most 100 an hour). */
  accountFailures: number;
  /** Failed attempts per address per window, across every account: password spraying. */
  addressFailures: number;
  windowSeconds: number;
}

export const DEFAULT_ATTEMPT_LIMITS: AttemptLimitOptions = {
  accountFailures: 10,
  // A practice shares one address behind its router; 50 covers a morning of typos.
  addressFailures: 50,
  windowSeconds: 15 * 60,
};

/** The database's pool for shared counters (Postgres server only). */
export type CounterPool = NonNullable<WaveDatabase["counterPool"]>;

/** The table migration 2026-12-01T0003 made for rate-limiter-flexible. */
const COUNTER_TABLE = "sign_in_attempts";

/** An attempt admitted and counted; say whether the password was right. */
export interface CountedAttempt {
  /** The password was right: hand the attempt back, it was no guess. */
  succeeded(): Promise<void>;
}

export interface AttemptLimiter {
  /**
   * Counts one attempt for `account` (an email) and `address`, or throws
   * TOO_MANY_REQUESTS (with the wait in `cause`) when either has no
   * failures left in this window.
   */
  admit(keys: { account: string; address: string }, message: (minutes: number) => string): Promise<CountedAttempt>;
}

/** Why an attempt was refused and how long until one may be tried again. */
export class AttemptsExhausted extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(message);
  }
}

/** The key stored: a hash, so the counter table names no email and no address. */
function counterKey(kind: "account" | "address", value: string): string {
  return createHash("sha256").update(`${kind}:${value.trim().toLowerCase()}`).digest("hex");
}

function counter(points: number, windowSeconds: number, keyPrefix: string, pool: CounterPool | undefined): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ points, duration: windowSeconds, keyPrefix });
  if (!pool) return memory;
  return new RateLimiterPostgres({
    storeClient: pool,
    storeType: "pool",
    tableName: COUNTER_TABLE,
    tableCreated: true,
    points,
    duration: windowSeconds,
    keyPrefix,
    // The database being away must not lift the limit: this process keeps
    // counting on its own until it answers again.
    insuranceLimiter: memory,
  });
}

/**
 * `pool` is the database's counterPool on a Postgres server, so every app
 * server shares the counts. Embedded Postgres has no second connection to
 * give; it is also only ever one process (the data-directory lock), so the
 * process's own memory is the whole count there.
 */
export function createAttemptLimiter(options: AttemptLimitOptions = DEFAULT_ATTEMPT_LIMITS, pool?: CounterPool): AttemptLimiter {
  const accounts = counter(options.accountFailures, options.windowSeconds, "account", pool);
  const addresses = counter(options.addressFailures, options.windowSeconds, "address", pool);

  const refused = (rejection: unknown, message: (minutes: number) => string): never => {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    const cause = new AttemptsExhausted(retryAfterSeconds, message(Math.ceil(retryAfterSeconds / 60)));
    throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: cause.message, cause });
  };

  return {
    async admit(keys, message) {
      const account = counterKey("account", keys.account);
      const address = counterKey("address", keys.address);
      await accounts.consume(account).catch((rejection: unknown) => refused(rejection, message));
      try {
        await addresses.consume(address);
      } catch (rejection) {
        // Refused for the address: this was not an attempt on the account.
        await accounts.reward(account).catch(() => undefined);
        refused(rejection, message);
      }
      return {
        async succeeded() {
          await Promise.all([accounts.reward(account), addresses.reward(address)]).catch(() => undefined);
        },
      };
    },
  };
}

/** "Try again in 1 minute" / "in 14 minutes". */
export function tryAgainIn(minutes: number): string {
  return `Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}

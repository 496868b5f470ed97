import { counterKey, createCounter, refusedByCounter, type CounterPool } from "../rate-limit-counter.js";

export { AttemptsExhausted, tryAgainIn, type CounterPool } from "../rate-limit-counter.js";

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

/** `pool` is the database's counterPool on a Postgres server, so every app server shares the counts (rate-limit-counter.ts). */
export function createAttemptLimiter(options: AttemptLimitOptions = DEFAULT_ATTEMPT_LIMITS, pool?: CounterPool): AttemptLimiter {
  // The table migration 2026-12-01T0003 made for rate-limiter-flexible.
  const table = "sign_in_attempts";
  const accounts = createCounter({ points: options.accountFailures, windowSeconds: options.windowSeconds, keyPrefix: "account", table }, pool);
  const addresses = createCounter({ points: options.addressFailures, windowSeconds: options.windowSeconds, keyPrefix: "address", table }, pool);

  return {
    async admit(keys, message) {
      const account = counterKey("account", keys.account);
      const address = counterKey("address", keys.address);
      await accounts.consume(account).catch((rejection: unknown) => refusedByCounter(rejection, message));
      try {
        await addresses.consume(address);
      } catch (rejection) {
        // Refused for the address: this was not an attempt on the account.
        await accounts.reward(account).catch(() => undefined);
        refusedByCounter(rejection, message);
      }
      return {
        async succeeded() {
          await Promise.all([accounts.reward(account), addresses.reward(address)]).catch(() => undefined);
        },
      };
    },
  };
}

import { setTimeout as sleep } from "node:timers/promises";

export interface Backoff {
  firstDelayMs: number;
  maxDelayMs: number;
}

/** Start-up's wait for the database: 0.5 s, 1 s, 2 s... never more than 10 s between tries. */
export const DATABASE_BACKOFF: Backoff = { firstDelayMs: 500, maxDelayMs: 10_000 };

/** The wait after failed attempt `attempt` (1, 2, ...): doubling, capped. */
export function backoffDelay(attempt: number, backoff: Backoff): number {
  const doubled = backoff.firstDelayMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30);
  return Math.min(doubled, backoff.maxDelayMs);
}

export interface RetryOptions {
  backoff: Backoff;
  /** Only these failures are worth another try; any other ends the wait. */
  retryable: (error: unknown) => boolean;
  /** Told of each failed attempt before the wait. */
  onRetry: (failure: { attempt: number; delayMs: number; error: unknown }) => void;
  /** Stops waiting (a shutdown): the pending wait rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Runs `work` until it succeeds, waiting longer after each retryable failure. */
export async function retryWithBackoff<T>(work: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      return await work(attempt);
    } catch (error) {
      if (!options.retryable(error)) throw error;
      const delayMs = backoffDelay(attempt, options.backoff);
      options.onRetry({ attempt, delayMs, error });
      await sleep(delayMs, undefined, options.signal ? { signal: options.signal } : {}).catch((aborted: unknown) => {
        // The abort's own reason, not a generic AbortError.
        options.signal?.throwIfAborted();
        throw aborted;
      });
    }
  }
}

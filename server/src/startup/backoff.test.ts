import { describe, expect, it } from "vitest";
import { backoffDelay, retryWithBackoff } from "./backoff.js";

const quick = { firstDelayMs: 1, maxDelayMs: 4 };

describe("backoffDelay", () => {
  it("doubles from the first delay and never passes the cap", () => {
    const delays = [1, 2, 3, 4, 5, 6, 100].map((attempt) => backoffDelay(attempt, { firstDelayMs: 500, maxDelayMs: 10_000 }));
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });
});

describe("retryWithBackoff", () => {
  it("tries again after each retryable failure, reporting every try, until the work succeeds", async () => {
    const tries: { attempt: number; delayMs: number }[] = [];
    const result = await retryWithBackoff(
      (attempt) => (attempt < 4 ? Promise.reject(new Error("not yet")) : Promise.resolve(`done on ${attempt}`)),
      { backoff: quick, retryable: () => true, onRetry: ({ attempt, delayMs }) => tries.push({ attempt, delayMs }) },
    );
    expect(result).toBe("done on 4");
    expect(tries).toEqual([
      { attempt: 1, delayMs: 1 },
      { attempt: 2, delayMs: 2 },
      { attempt: 3, delayMs: 4 },
    ]);
  });

  it("gives up at once on a failure that is not worth retrying", async () => {
    let calls = 0;
    const failing = retryWithBackoff(
      () => {
        calls += 1;
        return Promise.reject(new Error("migration 7 is broken"));
      },
      { backoff: quick, retryable: () => false, onRetry: () => undefined },
    );
    await expect(failing).rejects.toThrow("migration 7 is broken");
    expect(calls).toBe(1);
  });

  it("stops waiting when aborted", async () => {
    const stop = new AbortController();
    const waiting = retryWithBackoff(() => Promise.reject(new Error("down")), {
      backoff: { firstDelayMs: 60_000, maxDelayMs: 60_000 },
      retryable: () => true,
      onRetry: () => stop.abort(new Error("shutting down")),
      signal: stop.signal,
    });
    await expect(waiting).rejects.toThrow("shutting down");
  });
});

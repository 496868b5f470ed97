import { counterKey, createCounter, refusedByCounter, tryAgainIn, type CounterPool } from "../rate-limit-counter.js";

/**
 * Rate limits on the public self-report calls (docs/decisions/0021). A person
 * logging episodes sends a handful a day; a phone coming back online sends
 * its queue at once. What these stop is a leaked link or a script flooding a
 * client's record, and anyone hammering the public procedures.
 */
export interface SelfReportLimitOptions {
  /** Submissions (episodes and the EPDS, replays included) per link per window. */
  submissionsPerLink: number;
  /** Public self-report calls of any kind per client address per window, valid token or not. */
  callsPerAddress: number;
  windowSeconds: number;
}

export const DEFAULT_SELF_REPORT_LIMITS: SelfReportLimitOptions = {
  submissionsPerLink: 30,
  // A practice's waiting room or a shelter may share one address among many clients.
  callsPerAddress: 300,
  windowSeconds: 60 * 60,
};

export interface SelfReportLimiter {
  /** Counts one public call from `address`, or throws TOO_MANY_REQUESTS (the wait in `cause`). */
  admitCall(address: string): Promise<void>;
  /** Counts one submission through the link whose token hashes to `tokenHash`. */
  admitSubmission(tokenHash: string): Promise<void>;
}

export function createSelfReportLimiter(
  options: SelfReportLimitOptions = DEFAULT_SELF_REPORT_LIMITS,
  pool?: CounterPool,
): SelfReportLimiter {
  const table = "self_report_counts";
  const addresses = createCounter({ points: options.callsPerAddress, windowSeconds: options.windowSeconds, keyPrefix: "address", table }, pool);
  const links = createCounter({ points: options.submissionsPerLink, windowSeconds: options.windowSeconds, keyPrefix: "link", table }, pool);
  return {
    async admitCall(address) {
      await addresses
        .consume(counterKey("address", address))
        .catch((rejection: unknown) => refusedByCounter(rejection, (minutes) => `Too many requests from your network. ${tryAgainIn(minutes)}`));
    },
    async admitSubmission(tokenHash) {
      await links
        .consume(counterKey("link", tokenHash))
        .catch((rejection: unknown) => refusedByCounter(rejection, (minutes) => `Too many reports from this link in a short time. ${tryAgainIn(minutes)}`));
    },
  };
}

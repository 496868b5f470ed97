import { TRPCError } from "@trpc/server";
import pLimit from "p-limit";
import type { RequestConnection } from "./context.js";

// The lead's practice-wide analytics scan every client; a burst of them must
// not take every connection consultants need (docs/decisions/0016). The
// limiter is here; heavyLeadProcedure, which applies it, is in procedures.ts.

export interface HeavyWorkOptions {
  /** Requests running heavy work at once in this process. */
  concurrency: number;
  /** Requests allowed to wait for a turn; one more answers TOO_MANY_REQUESTS. */
  maxQueued: number;
  /** The statement timeout of heavy work's transactions, longer than the default. */
  statementTimeoutMs: number;
}

/**
 * Two at once leaves the second core (and the pool) to the caseload. The
 * queue is long enough that a burst of 16 dashboards (the benchmark's c=16,
 * or a practice meeting opening the reports together) waits its turn rather
 * than being turned away: waiting holds no connection, and since the reports
 * read aggregates (docs/decisions/0028) a turn lasts tens of milliseconds, so
 * the back of a full queue of 30 waits about 15 turns, well under a second or
 * two. Beyond that a 429 says "try again" sooner than a longer wait would.
 */
export const DEFAULT_HEAVY_WORK: Readonly<HeavyWorkOptions> = { concurrency: 2, maxQueued: 30, statementTimeoutMs: 15_000 };

export const HEAVY_WORK_BUSY =
  "The practice reports are busy with other requests right now. Please try again in a moment.";

export interface HeavyWorkLimiter {
  readonly statementTimeoutMs: number;
  /**
   * Runs `work` in one of `concurrency` turns, waiting (without holding a
   * database connection) while all are taken. The procedures of one request
   * share its turn: on its one connection they run a query at a time anyway.
   */
  run<T>(connection: RequestConnection, work: () => Promise<T>): Promise<T>;
}

interface Turn {
  started: boolean;
  start: Promise<void>;
  users: number;
  finish: () => void;
}

export function createHeavyWorkLimiter(options: HeavyWorkOptions): HeavyWorkLimiter {
  const limit = pLimit(options.concurrency);
  // By request: a call's connection names the request it is part of.
  const turns = new WeakMap<object, Turn>();

  const queueTurn = (): Turn => {
    if (limit.activeCount + limit.pendingCount >= options.concurrency + options.maxQueued) {
      throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: HEAVY_WORK_BUSY });
    }
    // p-limit counts a free turn as active at once, so this request need not wait.
    const started = limit.activeCount < options.concurrency;
    let begin = () => {};
    let finish = () => {};
    const start = new Promise<void>((resolve) => (begin = resolve));
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const turn: Turn = { started, start, users: 0, finish };
    void limit(() => {
      turn.started = true;
      begin();
      return finished;
    });
    return turn;
  };

  return {
    statementTimeoutMs: options.statementTimeoutMs,
    async run(connection, work) {
      const request = connection.request ?? connection;
      const turn = turns.get(request) ?? queueTurn();
      turns.set(request, turn);
      turn.users += 1;
      try {
        if (!turn.started) await connection.whileWaiting(() => turn.start);
        return await work();
      } finally {
        turn.users -= 1;
        if (turn.users === 0) {
          turns.delete(request);
          turn.finish();
        }
      }
    },
  };
}

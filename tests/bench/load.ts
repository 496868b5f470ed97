import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { summarize, type LatencySummary } from "./stats.js";

export interface RunResult extends LatencySummary {
  concurrency: number;
  seconds: number;
  /** Responses by HTTP status (or "error" for a failed call), 2xx included. */
  statuses: Record<string, number>;
  /** Responses that were not 2xx, plus transport errors and timeouts: never hidden. */
  failures: number;
}

/** What one run recorded: every successful latency, every outcome by status, and how long it took. */
export interface Samples {
  ok: number[];
  statuses: Record<string, number>;
  elapsedSeconds: number;
}

/**
 * One result from one or more runs at the same concurrency (merged: all
 * latencies, all outcomes, the total time). Percentiles and req/s are over
 * successful responses only; every other outcome is counted in `failures`.
 */
export function resultOf(concurrency: number, seconds: number, runs: readonly Samples[]): RunResult {
  const ok = runs.flatMap((run) => run.ok);
  const statuses: Record<string, number> = {};
  for (const run of runs) for (const [status, count] of Object.entries(run.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
  const elapsedSeconds = runs.reduce((sum, run) => sum + run.elapsedSeconds, 0);
  const failures = Object.entries(statuses)
    .filter(([status]) => !/^2\d\d$/.test(status))
    .reduce((sum, [, count]) => sum + count, 0);
  return { concurrency, seconds, ...summarize(ok, elapsedSeconds), statuses, failures };
}

export interface HttpRun {
  url: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
}

/** One autocannon run, every response's latency recorded from its `response` event. */
export function httpSamples(run: HttpRun): Promise<Samples> {
  const ok: number[] = [];
  const statuses: Record<string, number> = {};
  const count = (key: string) => (statuses[key] = (statuses[key] ?? 0) + 1);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const instance = autocannon(
      { url: run.url, headers: run.headers, connections: run.connections, duration: run.seconds, timeout: 30 },
      (error) => {
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve({ ok, statuses, elapsedSeconds: (performance.now() - started) / 1000 });
      },
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      count(String(statusCode));
      if (statusCode >= 200 && statusCode < 300) ok.push(responseTime);
    });
    instance.on("reqError", () => count("error"));
  });
}

/** A short unmeasured run, then the measured one, at `connections` concurrent connections. */
export async function measureHttp(run: HttpRun & { warmupSeconds: number }): Promise<RunResult> {
  await httpSamples({ ...run, seconds: run.warmupSeconds });
  return resultOf(run.connections, run.seconds, [await httpSamples(run)]);
}

/**
 * The same shape of load for anything that is not HTTP (the floor): `workers`
 * loops, each starting its next call when the last one ends, for `seconds`.
 * Calls under way at the end are finished and counted: nothing keeps running after.
 */
export async function loopSamples(workers: number, seconds: number, call: () => Promise<void>): Promise<Samples> {
  const ok: number[] = [];
  const statuses: Record<string, number> = {};
  const started = performance.now();
  const until = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const callStarted = performance.now();
      try {
        await call();
        ok.push(performance.now() - callStarted);
        statuses["200"] = (statuses["200"] ?? 0) + 1;
      } catch {
        statuses.error = (statuses.error ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return { ok, statuses, elapsedSeconds: (performance.now() - started) / 1000 };
}

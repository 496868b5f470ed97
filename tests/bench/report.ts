import { describeTarget, OVERHEAD_TARGET, type Target } from "./config.js";
import type { RunResult } from "./load.js";

export interface Overhead {
  /** API p50 minus floor p50 at c=1. */
  ms: number;
  ratio: number;
  met: boolean;
}

export interface EndpointResult {
  name: string;
  persona: string;
  target: Target;
  http: { c1: RunResult; c16: RunResult };
  floor: { c1: RunResult; c16: RunResult; statements: number; transactions: number };
  overheadC1: Overhead;
  /**
   * The stack floor at c=1 (stack-floor-app.ts: the same statements and
   * answer through Express, tRPC and Kysely, none of Wave's code) and its
   * own overhead over the floor: what no code of Wave's can go below.
   */
  stack: { c1: RunResult; overheadC1: Overhead } | null;
  /** The target's parts that were missed (overhead included); empty when every part was met. */
  missed: string[];
  met: boolean;
}

const round = (value: number, places = 1) => Math.round(value * 10 ** places) / 10 ** places;

export function overheadOf(api: RunResult, floor: RunResult): Overhead {
  const ms = round(api.p50 - floor.p50, 2);
  const ratio = round(api.p50 / floor.p50, 2);
  return { ms, ratio, met: ms <= OVERHEAD_TARGET.ms || ratio <= OVERHEAD_TARGET.ratio };
}

/**
 * Which parts of the target the HTTP numbers (and the overhead) missed. A
 * missed overhead is "stack-bound" when the stack floor alone misses it too,
 * and ran no slower than the API: a stack floor above the API in the same
 * slices is no floor, and proves nothing.
 */
export function missedParts(
  target: Target,
  http: { c1: RunResult; c16: RunResult },
  overhead: Overhead,
  stackOverhead: Overhead | null = null,
): string[] {
  const missed: string[] = [];
  if (target.p95AtC1Ms !== undefined && !(http.c1.p95 <= target.p95AtC1Ms)) missed.push("p95 c1");
  if (target.p95AtC16Ms !== undefined && !(http.c16.p95 <= target.p95AtC16Ms)) missed.push("p95 c16");
  if (target.minRequestsPerSecondAtC16 !== undefined && !(http.c16.requestsPerSecond >= target.minRequestsPerSecondAtC16)) missed.push("rps");
  const stackBound = stackOverhead !== null && !stackOverhead.met && stackOverhead.ms <= overhead.ms;
  if (!overhead.met) missed.push(stackBound ? "overhead (stack-bound)" : "overhead");
  return missed;
}

const triple = (run: RunResult) => `${fmt(run.p50)}/${fmt(run.p95)}/${fmt(run.p99)}`;

function fmt(value: number): string {
  if (!Number.isFinite(value)) return "-";
  if (value >= 100) return String(Math.round(value));
  return value.toFixed(1);
}

function failures(run: RunResult): string {
  if (run.failures === 0) return "0";
  const detail = Object.entries(run.statuses)
    .filter(([status]) => !/^2\d\d$/.test(status))
    .map(([status, count]) => `${count}x${status}`)
    .join(" ");
  return detail;
}

/** A replayed statement that failed is shown, never folded into a faster floor. */
const floorErrors = (run: RunResult) => (run.failures > 0 ? ` (${run.failures} failed)` : "");

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  return [line(header), `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

/** The results table: latencies in ms, percentiles and req/s over 2xx responses; non-2xx counted beside them. */
export function formatEndpointTable(results: readonly EndpointResult[]): string {
  return table(
    [
      "endpoint",
      "c1 p50/p95/p99",
      "c16 p50/p95/p99",
      "rps c16",
      "non-2xx c1 / c16",
      "floor c1 p50/p95",
      "floor c16 p95",
      "overhead c1 ms (x)",
      "stack c1 p50 (over floor)",
      "Wave over stack c1",
      "target",
      "met?",
    ],
    results.map((result) => [
      result.name,
      triple(result.http.c1),
      triple(result.http.c16),
      fmt(result.http.c16.requestsPerSecond),
      `${failures(result.http.c1)} / ${failures(result.http.c16)}`,
      `${fmt(result.floor.c1.p50)}/${fmt(result.floor.c1.p95)}${floorErrors(result.floor.c1)}`,
      `${fmt(result.floor.c16.p95)}${floorErrors(result.floor.c16)}`,
      `${fmt(result.overheadC1.ms)} (${result.overheadC1.ratio.toFixed(2)}x)`,
      result.stack ? `${fmt(result.stack.c1.p50)}${floorErrors(result.stack.c1)} (${fmt(result.stack.overheadC1.ms)})` : "-",
      result.stack ? fmt(round(result.http.c1.p50 - result.stack.c1.p50, 2)) : "-",
      describeTarget(result.target),
      result.met ? "yes" : `no: ${result.missed.join(", ")}`,
    ]),
  );
}

export function formatSimpleTable(rows: readonly { name: string; c1: RunResult; targetP95Ms: number }[]): string {
  return table(
    ["endpoint (embedded, demo)", "c1 p50/p95/p99", "rps c1", "non-2xx", "target", "met?"],
    rows.map((row) => [
      row.name,
      triple(row.c1),
      fmt(row.c1.requestsPerSecond),
      failures(row.c1),
      `p95<=${row.targetP95Ms} c1`,
      row.c1.p95 <= row.targetP95Ms ? "yes" : "no",
    ]),
  );
}

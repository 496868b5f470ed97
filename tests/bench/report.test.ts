import { describe, expect, it } from "vitest";
import type { RunResult } from "./load";
import { formatEndpointTable, missedParts, overheadOf, type EndpointResult } from "./report";
import { percentile, summarize } from "./stats";

// The bench's arithmetic: what it reports as met or missed is what an
// operator acts on. No timing is measured here.

function run(p50: number, p95 = p50, extra: Partial<RunResult> = {}): RunResult {
  return { concurrency: 1, seconds: 8, samples: 100, p50, p95, p99: p95, max: p95, requestsPerSecond: 100, statuses: { "200": 100 }, failures: 0, ...extra };
}

describe("latency summaries", () => {
  it("takes nearest-rank percentiles of every sample, unsorted input included", () => {
    const samples = Array.from({ length: 100 }, (_, index) => 100 - index); // 100 .. 1
    const summary = summarize(samples, 4);
    expect([summary.p50, summary.p95, summary.p99, summary.max]).toEqual([50, 95, 99, 100]);
    expect(summary.requestsPerSecond).toBe(25);
    expect(percentile([7], 0.99)).toBe(7);
  });

  it("has no percentile, rather than a zero, when nothing succeeded", () => {
    const summary = summarize([], 8);
    expect(summary.samples).toBe(0);
    expect(Number.isNaN(summary.p95)).toBe(true);
  });
});

describe("overhead over the floor", () => {
  it("is met by either bound: 2 ms, or 1.2x", () => {
    expect(overheadOf(run(3.5), run(2))).toMatchObject({ ms: 1.5, ratio: 1.75, met: true });
    expect(overheadOf(run(110), run(100))).toMatchObject({ ms: 10, ratio: 1.1, met: true });
    expect(overheadOf(run(15), run(10))).toMatchObject({ ms: 5, ratio: 1.5, met: false });
  });
});

describe("targets", () => {
  const fine = overheadOf(run(10), run(9.5));

  it("names each missed part: a p95 bound, the throughput, the overhead", () => {
    const http = { c1: run(10, 20), c16: run(30, 60, { requestsPerSecond: 300 }) };
    expect(missedParts({ p95AtC16Ms: 25, minRequestsPerSecondAtC16: 400 }, http, overheadOf(run(15), run(10)))).toEqual(["p95 c16", "rps", "overhead"]);
    expect(missedParts({ p95AtC1Ms: 25, p95AtC16Ms: 100 }, http, fine)).toEqual([]);
  });

  it("calls a missed overhead stack-bound only when the stack floor alone misses it too, below the API", () => {
    const http = { c1: run(10), c16: run(30) };
    const missedOverhead = overheadOf(run(15), run(10));
    expect(missedParts({}, http, missedOverhead, overheadOf(run(13), run(10)))).toEqual(["overhead (stack-bound)"]);
    expect(missedParts({}, http, missedOverhead, overheadOf(run(11), run(10)))).toEqual(["overhead"]);
    // A stack floor slower than the API it is meant to sit under is no floor.
    expect(missedParts({}, http, missedOverhead, overheadOf(run(16), run(10)))).toEqual(["overhead"]);
    expect(missedParts({}, http, fine, overheadOf(run(13), run(10)))).toEqual([]);
  });

  it("prints the stack floor beside the API: its p50 with its own overhead, and what Wave adds over it", () => {
    const result: EndpointResult = {
      name: "caseload.list consultant",
      persona: "consultant",
      target: {},
      http: { c1: run(13.3), c16: run(100) },
      floor: { c1: run(8.6), c16: run(90), statements: 9, transactions: 1 },
      overheadC1: overheadOf(run(13.3), run(8.6)),
      stack: { c1: run(11.4), overheadC1: overheadOf(run(11.4), run(8.6)) },
      missed: [],
      met: true,
    };
    const table = formatEndpointTable([result]);
    expect(table).toContain("| 11.4 (2.8) ");
    expect(table).toContain("| 1.9 ");
  });

  it("counts a run with no successful response as missed, not met", () => {
    const http = { c1: run(10), c16: run(Number.NaN, Number.NaN, { requestsPerSecond: 0, statuses: { "429": 50 }, failures: 50 }) };
    expect(missedParts({ p95AtC16Ms: 500 }, http, fine)).toEqual(["p95 c16"]);
  });

  it("prints non-2xx responses by status in the table", () => {
    const result: EndpointResult = {
      name: "analytics.practiceOverview 52w",
      persona: "lead",
      target: { p95AtC1Ms: 150 },
      http: { c1: run(100, 120), c16: run(400, 480, { statuses: { "200": 20, "429": 388 }, failures: 388 }) },
      floor: { c1: run(90), c16: run(300), statements: 18, transactions: 2 },
      overheadC1: overheadOf(run(100), run(90)),
      stack: null,
      missed: [],
      met: true,
    };
    const table = formatEndpointTable([result]);
    expect(table).toContain("0 / 388x429");
    expect(table).toContain("10.0 (1.11x)");
  });
});

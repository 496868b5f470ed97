import type { Caller } from "@wave/server/testing";
import type { Target } from "./config.js";

export type Persona = "consultant" | "lead";

/** One measured request: how it goes over HTTP, and the same call in-process (for the floor's statements). */
export interface Endpoint {
  name: string;
  persona: Persona;
  /** Path and query string under the server's base URL. */
  path: string;
  /** The procedure(s) the path runs, called in-process as that persona. */
  call: (caller: Caller) => Promise<unknown>;
  target: Target;
}

/** tRPC v11 over HTTP GET: `/trpc/<path>?input=<urlencoded JSON>` (no transformer: plain JSON). */
export function queryPath(procedure: string, input?: unknown): string {
  return input === undefined ? `/trpc/${procedure}` : `/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;
}

/** Several queries in one request, as httpBatchLink sends them. */
export function batchPath(calls: readonly { procedure: string; input: unknown }[]): string {
  const inputs = Object.fromEntries(calls.map((call, index) => [String(index), call.input]));
  return `/trpc/${calls.map((call) => call.procedure).join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify(inputs))}`;
}

const DAY_MS = 86_400_000;

/** The dashboard's "52 weeks" preset: 364 days ending today, today included (client/src/practice/range.ts). */
export function lastWeeks(weeks: number, now = new Date()): { from: string; to: string } {
  const today = now.toISOString().slice(0, 10);
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - (weeks * 7 - 1) * DAY_MS).toISOString().slice(0, 10);
  return { from, to: today };
}

const OVERVIEW_TARGET: Target = { p95AtC1Ms: 150, p95AtC16Ms: 500 };
const CLIENT_REVIEW_TARGET: Target = { p95AtC16Ms: 25 };

/** The endpoints, with the inputs the client sends (client/src). */
export function benchEndpoints(clientId: string, now = new Date()): Endpoint[] {
  const year = lastWeeks(52, now);
  const lead50 = { pageSize: 50 };
  const trendInput = { clientId, bucket: "episode" as const };
  return [
    {
      // No target of its own: what every signed-in call pays before its
      // procedure's work (the session lookup), beside that lookup's own SQL.
      name: "auth.me (session only)",
      persona: "consultant",
      path: queryPath("auth.me"),
      call: (caller) => caller.auth.me(),
      target: {},
    },
    {
      name: "caseload.list consultant",
      persona: "consultant",
      // The caseload page's default view is the schema's default input.
      path: queryPath("caseload.list"),
      call: (caller) => caller.caseload.list(),
      target: { p95AtC16Ms: 25, minRequestsPerSecondAtC16: 400 },
    },
    {
      name: "caseload.list lead p1/50",
      persona: "lead",
      path: queryPath("caseload.list", lead50),
      call: (caller) => caller.caseload.list(lead50),
      target: { p95AtC16Ms: 50 },
    },
    {
      name: "clients.byId",
      persona: "consultant",
      path: queryPath("clients.byId", { clientId }),
      call: (caller) => caller.clients.byId({ clientId }),
      target: CLIENT_REVIEW_TARGET,
    },
    {
      name: "analytics.clientTrend",
      persona: "consultant",
      path: queryPath("analytics.clientTrend", trendInput),
      call: (caller) => caller.analytics.clientTrend(trendInput),
      target: CLIENT_REVIEW_TARGET,
    },
    {
      name: "client review (batch)",
      persona: "consultant",
      path: batchPath([
        { procedure: "clients.byId", input: { clientId } },
        { procedure: "analytics.clientTrend", input: trendInput },
      ]),
      // In one request the two procedures run one after the other on the request's connection.
      call: async (caller) => {
        await caller.clients.byId({ clientId });
        await caller.analytics.clientTrend(trendInput);
      },
      target: CLIENT_REVIEW_TARGET,
    },
    {
      name: "analytics.practiceOverview 52w",
      persona: "lead",
      path: queryPath("analytics.practiceOverview", year),
      call: (caller) => caller.analytics.practiceOverview(year),
      target: OVERVIEW_TARGET,
    },
    {
      name: "analytics.interventionEffectiveness 52w",
      persona: "lead",
      path: queryPath("analytics.interventionEffectiveness", year),
      call: (caller) => caller.analytics.interventionEffectiveness(year),
      target: OVERVIEW_TARGET,
    },
    {
      name: "analytics.consultantWorkload",
      persona: "lead",
      path: queryPath("analytics.consultantWorkload"),
      call: (caller) => caller.analytics.consultantWorkload(),
      target: OVERVIEW_TARGET,
    },
  ];
}

import { describe, expect, it } from "vitest";
import { batchPath, lastWeeks, queryPath } from "./endpoints";

describe("the requests the bench sends", () => {
  it("are tRPC v11 GETs: the input as URL-encoded JSON, a batch keyed by position", () => {
    expect(queryPath("caseload.list")).toBe("/trpc/caseload.list");
    expect(decodeURIComponent(queryPath("caseload.list", { pageSize: 50 }))).toBe('/trpc/caseload.list?input={"pageSize":50}');
    const batch = batchPath([
      { procedure: "clients.byId", input: { clientId: "c" } },
      { procedure: "analytics.clientTrend", input: { clientId: "c", bucket: "episode" } },
    ]);
    expect(decodeURIComponent(batch)).toBe(
      '/trpc/clients.byId,analytics.clientTrend?batch=1&input={"0":{"clientId":"c"},"1":{"clientId":"c","bucket":"episode"}}',
    );
  });

  it("ask for 52 weeks as the dashboard's preset does: 364 days, today included", () => {
    expect(lastWeeks(52, new Date("2026-12-01T10:00:00Z"))).toEqual({ from: "2025-12-03", to: "2026-12-01" });
  });
});

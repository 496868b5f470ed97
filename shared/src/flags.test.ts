import { describe, expect, it } from "vitest";
import { compareByAttention } from "./attention.js";
import type { Flag } from "./enums.js";
import { computeFlags, type FlagFacts } from "./flags.js";

const now = new Date("2026-11-26T12:00:00Z");
const calm: FlagFacts = {
  openAlerts: [],
  latestEpds: null,
  consideringWeaning: false,
  weaningMentionedAt: null,
  nextFollowUpAt: null,
  trend: "stable",
};

describe("computeFlags", () => {
  it("raises nothing for a calm client", () => {
    expect(computeFlags(calm, now)).toEqual([]);
  });
  it("raises self_harm from the open alerts, since the oldest was raised, carrying each", () => {
    const alert = (alertId: string, raisedAt: string) => ({
      alertId,
      source: "episode" as const,
      sourceId: alertId,
      reportedAt: raisedAt,
      raisedAt,
      item10Answer: null,
      acknowledgedAt: null,
      acknowledgedByName: null,
    });
    const first = alert("00000000-0000-4000-8000-000000000001", "2026-11-25T08:00:00.000Z");
    const second = alert("00000000-0000-4000-8000-000000000002", "2026-11-26T08:00:00.000Z");
    const [one] = computeFlags({ ...calm, openAlerts: [first] }, now);
    expect(one).toMatchObject({ flag: "self_harm", since: "2026-11-25T08:00:00.000Z", alerts: [first] });
    expect(one?.reason).not.toMatch(/open reports/);
    const [two] = computeFlags({ ...calm, openAlerts: [first, second] }, now);
    expect(two?.reason).toMatch(/2 open reports/);
    expect(two?.alerts).toHaveLength(2);
  });
  it("raises epds_high at 13, not at 12", () => {
    const at = new Date("2026-11-20T00:00:00Z");
    expect(computeFlags({ ...calm, latestEpds: { total: 13, takenAt: at } }, now).map((f) => f.flag)).toEqual(["epds_high"]);
    expect(computeFlags({ ...calm, latestEpds: { total: 12, takenAt: at } }, now)).toEqual([]);
  });
  it("raises follow_up_overdue only once the due time has passed", () => {
    expect(computeFlags({ ...calm, nextFollowUpAt: new Date("2026-11-26T11:59:00Z") }, now).map((f) => f.flag)).toEqual([
      "follow_up_overdue",
    ]);
    expect(computeFlags({ ...calm, nextFollowUpAt: new Date("2026-11-26T12:01:00Z") }, now)).toEqual([]);
  });
  it("raises worsening and considering_weaning", () => {
    const flags = computeFlags({ ...calm, trend: "worsening", consideringWeaning: true }, now).map((f) => f.flag);
    expect(flags).toEqual(["worsening", "considering_weaning"]);
  });
});

describe("compareByAttention", () => {
  const row = (displayName: string, flags: Flag[], lastEpisodeAt: string | null = null) => ({
    displayName,
    flags,
    lastEpisodeAt,
  });

  it("orders self-harm, EPDS, worsening, overdue, weaning, then most recent episode", () => {
    const rows = [
      row("recent", [], "2026-11-25T00:00:00Z"),
      row("weaning", ["considering_weaning"]),
      row("older", [], "2026-11-01T00:00:00Z"),
      row("overdue", ["follow_up_overdue"]),
      row("worse", ["worsening"]),
      row("epds", ["epds_high", "considering_weaning"]),
      row("urgent", ["self_harm"]),
      row("none", []),
    ];
    expect(rows.sort(compareByAttention).map((r) => r.displayName)).toEqual([
      "urgent",
      "epds",
      "worse",
      "overdue",
      "weaning",
      "recent",
      "older",
      "none",
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { describeAlertSource, epdsRaisesAlert, followUpResolvesAlerts, raisesSelfHarmAlert } from "./alerts.js";
import { scoreEpds } from "./epds.js";

describe("raisesSelfHarmAlert", () => {
  it("raises for a new report of yes, not of no", () => {
    expect(raisesSelfHarmAlert(null, true)).toBe(true);
    expect(raisesSelfHarmAlert(null, false)).toBe(false);
  });
  it("raises when an edit turns the answer on", () => {
    expect(raisesSelfHarmAlert(false, true)).toBe(true);
  });
  it("never raises twice for the same yes, and never clears on an edit to no", () => {
    expect(raisesSelfHarmAlert(true, true)).toBe(false);
    expect(raisesSelfHarmAlert(true, false)).toBe(false);
    expect(raisesSelfHarmAlert(false, false)).toBe(false);
  });
});

describe("epdsRaisesAlert", () => {
  it("raises for any item 10 answer but 'Never', whatever the total", () => {
    const withItem10 = (index: number) => scoreEpds([0, 0, 3, 0, 3, 3, 3, 3, 3, index]).item10;
    expect(epdsRaisesAlert(withItem10(3))).toBe(false); // "Never"
    expect(epdsRaisesAlert(withItem10(2))).toBe(true); // "Hardly ever", total 1
    expect(epdsRaisesAlert(withItem10(0))).toBe(true); // "Yes, quite often"
  });
});

describe("followUpResolvesAlerts", () => {
  it("resolves only when the client was reached", () => {
    expect(followUpResolvesAlerts("reached")).toBe(true);
    expect(followUpResolvesAlerts("not_reached")).toBe(false);
  });
});

describe("describeAlertSource", () => {
  const format = { date: (iso: string) => `D(${iso.slice(0, 10)})`, dateTime: (iso: string) => `DT(${iso.slice(0, 16)})` };
  it("names the EPDS answer given to item 10", () => {
    expect(describeAlertSource({ source: "epds", reportedAt: "2026-12-01T09:00:00Z", item10Answer: 1 }, format)).toBe(
      "EPDS item 10 (answered 'Sometimes') on D(2026-12-01)",
    );
  });
  it("names an episode and a client's own report with their time", () => {
    expect(describeAlertSource({ source: "episode", reportedAt: "2026-11-30T03:10:00Z", item10Answer: null }, format)).toBe(
      "Episode on DT(2026-11-30T03:10)",
    );
    expect(describeAlertSource({ source: "self_report", reportedAt: "2026-11-30T03:10:00Z", item10Answer: null }, format)).toBe(
      "Client's own report on DT(2026-11-30T03:10)",
    );
  });
});

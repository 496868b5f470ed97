import { describe, expect, it } from "vitest";
import {
  acknowledgementText,
  alertSourceText,
  deactivationAlertWarning,
  distinctClientCount,
  formatDuration,
  needFollowUpText,
  outsideFilterText,
  reassignAlertWarning,
  timeToFollowUp,
} from "./alert-words";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe("safety alerts in words", () => {
  it("count clients in the banner and under a filter, in the singular and the plural", () => {
    expect(needFollowUpText(1)).toBe("1 client needs same-day follow-up");
    expect(needFollowUpText(2)).toBe("2 clients need same-day follow-up");
    expect(outsideFilterText(1)).toBe("1 client needing same-day follow-up is not in this filter");
    expect(outsideFilterText(3)).toBe("3 clients needing same-day follow-up are not in this filter");
  });

  it("count a client with two open alerts once", () => {
    expect(distinctClientCount([{ clientId: "a" }, { clientId: "a" }, { clientId: "b" }])).toBe(2);
    expect(distinctClientCount([])).toBe(0);
  });

  it("say what raised the alert, dated in the reader's time zone", () => {
    const reportedAt = new Date(2026, 11, 1, 9, 5).toISOString();
    expect(alertSourceText({ source: "epds", reportedAt, item10Answer: 1 })).toBe("EPDS item 10 (answered 'Sometimes') on 1 Dec 2026");
    expect(alertSourceText({ source: "episode", reportedAt, item10Answer: null })).toBe("Episode on 1 Dec 2026, 09:05");
    expect(alertSourceText({ source: "self_report", reportedAt, item10Answer: null })).toBe("Client's own report on 1 Dec 2026, 09:05");
  });

  it("say who acknowledged an alert and when, or that nobody has", () => {
    expect(acknowledgementText({ acknowledgedAt: null, acknowledgedByName: null })).toBe("Not yet acknowledged");
    const at = new Date(2026, 11, 1, 14, 5).toISOString();
    expect(acknowledgementText({ acknowledgedAt: at, acknowledgedByName: "Emily Carter" })).toBe("Acknowledged by Emily Carter, 1 Dec 2026, 14:05");
  });

  it("give durations as a clinician says them, at each unit's edge", () => {
    expect(formatDuration(0)).toBe("0 min");
    expect(formatDuration(59_999)).toBe("0 min");
    expect(formatDuration(MINUTE)).toBe("1 min");
    expect(formatDuration(59 * MINUTE)).toBe("59 min");
    expect(formatDuration(HOUR)).toBe("1 h");
    expect(formatDuration(3 * HOUR + 20 * MINUTE)).toBe("3 h 20 min");
    expect(formatDuration(24 * HOUR)).toBe("1 d");
    expect(formatDuration(52 * HOUR + 59 * MINUTE)).toBe("2 d 4 h");
    expect(formatDuration(-5 * MINUTE)).toBe("0 min");
  });

  it("measure time to follow-up only for resolved alerts", () => {
    const raisedAt = "2026-12-01T09:00:00.000Z";
    expect(timeToFollowUp({ raisedAt, resolvedAt: "2026-12-01T12:20:00.000Z" })).toBe("3 h 20 min");
    expect(timeToFollowUp({ raisedAt, resolvedAt: null })).toBeNull();
  });

  it("warn before clients with open alerts move", () => {
    expect(reassignAlertWarning("Ava Brown", "Sam Lee")).toBe(
      "Ava Brown has an open safety alert: Sam Lee will see it at once, on their caseload and banner.",
    );
    expect(reassignAlertWarning("Ava Brown", null)).toContain("the new consultant will see it at once");
    expect(deactivationAlertWarning("Sam Lee", 0)).toBeNull();
    expect(deactivationAlertWarning("Sam Lee", 1)).toMatch(/^Sam Lee's caseload includes 1 client with an open safety alert\. Until you reassign that client below, only you see it; the new consultant will see it at once\.$/);
    expect(deactivationAlertWarning("Sam Lee", 2)).toContain("2 clients with an open safety alert");
  });
});

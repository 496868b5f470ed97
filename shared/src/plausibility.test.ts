import { describe, expect, it } from "vitest";
import { hasVisibleCharacter, isPlausibleForBirth, isWithinFollowUpWindow } from "./plausibility.js";
import { ClientFields, FollowUpScheduleInput } from "./records.js";
import { AnalyticsRangeInput, DrillDownInput } from "./practice-analytics.js";

describe("isPlausibleForBirth: up to 9 months before the baby's birth (nursing an older child in pregnancy)", () => {
  it("accepts a record 9 months before the birth and refuses one a few days earlier", () => {
    expect(isPlausibleForBirth(new Date("2025-12-01T00:00:00Z"), "2026-09-01")).toBe(true);
    expect(isPlausibleForBirth(new Date("2025-11-25T00:00:00Z"), "2026-09-01")).toBe(false);
  });
  it("refuses a record decades before the birth", () => {
    expect(isPlausibleForBirth(new Date("1990-01-01T00:00:00Z"), "2026-09-01")).toBe(false);
  });
});

describe("follow-ups are due within the next 12 months", () => {
  const now = new Date("2026-12-01T12:00:00Z");
  it("accepts 12 months ahead and refuses a day later", () => {
    expect(isWithinFollowUpWindow(new Date("2027-12-01T12:00:00Z"), now)).toBe(true);
    expect(isWithinFollowUpWindow(new Date("2027-12-02T12:00:00Z"), now)).toBe(false);
  });
  it("names the field when the schema refuses a far-off date", () => {
    const result = FollowUpScheduleInput.safeParse({ clientId: crypto.randomUUID(), dueAt: "2199-01-01T00:00:00Z" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["dueAt"]);
  });
});

describe("names contain a visible character", () => {
  it("refuses names made only of spaces, zero-width and format characters", () => {
    for (const name of ["\u200B", "\u200B\u200D\uFEFF", "\u202E\u2066", "\u00A0\u3000"]) expect(hasVisibleCharacter(name)).toBe(false);
  });
  it("accepts letters, digits, emoji and punctuation in any script", () => {
    for (const name of ["A", "李", "7", "😀", "-", "Zoë\u200B"]) expect(hasVisibleCharacter(name)).toBe(true);
  });
  it("reports an invisible display name on the field", () => {
    const result = ClientFields.safeParse({ displayName: "\u200B\u200B", babyBirthDate: new Date().toISOString().slice(0, 10), feedingMethod: "both", consideringWeaning: false });
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual(["displayName"]);
  });
});

describe("analytics ranges", () => {
  it("refuses impossible and far-off dates on the field", () => {
    for (const from of ["0000-01-01", "2026-02-30", "9999-12-31"]) {
      const result = AnalyticsRangeInput.safeParse({ from, to: "2026-03-31" });
      expect(result.error?.issues[0]?.path).toEqual(["from"]);
    }
  });
  it("bounds the drill-down's span like the overview's", () => {
    const result = DrillDownInput.safeParse({ cell: "overview", from: "2020-01-01", to: "2026-01-01", weekStart: "2025-01-06", measure: "episodes" });
    expect(result.error?.issues[0]?.path).toEqual(["from"]);
    const reversed = DrillDownInput.safeParse({ cell: "effectiveness", from: "2026-03-01", to: "2026-01-01", kind: "grounding" });
    expect(reversed.error?.issues[0]?.path).toEqual(["from"]);
  });
});

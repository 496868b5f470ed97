import { describe, expect, it } from "vitest";
import { daysInRange, describeRange, parsePracticeParams, practiceSearch, presetRange, validateRange } from "./range";
import { isIsoDate } from "../lib/dates";

const TODAY = "2026-11-26";
const UUID = "99bb03a8-0d34-4605-828e-5048a972ee10";

describe("range presets", () => {
  it("end today and cover exactly their weeks, today included", () => {
    expect(presetRange("4w", TODAY)).toEqual({ from: "2026-10-30", to: TODAY });
    expect(presetRange("quarter", TODAY)).toEqual({ from: "2026-08-28", to: TODAY });
    expect(presetRange("year", TODAY)).toEqual({ from: "2025-11-28", to: TODAY });
    expect(daysInRange("2026-10-30", TODAY)).toBe(28);
    expect(daysInRange("2025-11-28", TODAY)).toBe(364);
  });
});

describe("the address bar", () => {
  it("defaults to the last quarter for the whole practice", () => {
    expect(parsePracticeParams(new URLSearchParams(""), TODAY)).toEqual({
      from: "2026-08-28",
      to: TODAY,
      preset: "quarter",
      consultantId: null,
    });
  });

  it("recomputes a preset from today, so an old link still means 'the last 4 weeks'", () => {
    const params = parsePracticeParams(new URLSearchParams("preset=4w&from=2020-01-01&to=2020-01-28"), TODAY);
    expect(params).toMatchObject({ preset: "4w", from: "2026-10-30", to: TODAY });
  });

  it("keeps custom dates and a consultant as given", () => {
    const search = new URLSearchParams(`from=2026-09-01&to=2026-11-26&consultant=${UUID}&preset=custom`);
    expect(parsePracticeParams(search, TODAY)).toEqual({ from: "2026-09-01", to: TODAY, preset: "custom", consultantId: UUID });
  });

  it("ignores malformed values", () => {
    const params = parsePracticeParams(new URLSearchParams("from=2026-02-30&to=soon&consultant=emily&preset=decade"), TODAY);
    expect(params).toEqual({ from: "2026-08-28", to: TODAY, preset: "quarter", consultantId: null });
  });

  it("writes every part of the view back, round trip", () => {
    const params = { from: "2026-09-01", to: TODAY, preset: "custom" as const, consultantId: UUID };
    const search = practiceSearch(params);
    expect(search.toString()).toBe(`from=2026-09-01&to=2026-11-26&consultant=${UUID}&preset=custom`);
    expect(parsePracticeParams(search, TODAY)).toEqual(params);
  });
});

describe("validating a custom range", () => {
  it("accepts a real range", () => {
    expect(validateRange("2026-09-01", TODAY)).toEqual({});
  });
  it("asks for both dates, in order, at most three years apart", () => {
    expect(validateRange("", TODAY)).toEqual({ from: "Enter a start date" });
    expect(validateRange("2026-12-01", TODAY)).toEqual({ from: "The start date must be on or before the end date" });
    expect(validateRange("2022-01-01", TODAY)).toEqual({ from: "Choose a range of at most three years" });
  });
  it("knows real calendar dates", () => {
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2026-02-29")).toBe(false);
  });
});

describe("describing a range", () => {
  it("names the dates and the preset", () => {
    expect(describeRange({ from: "2026-10-30", to: TODAY, preset: "4w" })).toBe("30 Oct 2026 to 26 Nov 2026 (last 4 weeks)");
    expect(describeRange({ from: "2026-09-01", to: TODAY, preset: "custom" })).toBe("1 Sep 2026 to 26 Nov 2026");
  });
});

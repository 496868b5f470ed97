import { describe, expect, it } from "vitest";
import { formatChange, formatDuration, formatIntensity, plural } from "./format";

describe("durations", () => {
  it("read as a clinician would say them", () => {
    expect(formatDuration(45)).toBe("45 s");
    expect(formatDuration(180)).toBe("3 min");
    expect(formatDuration(150)).toBe("2 min 30 s");
    expect(formatDuration(3900)).toBe("1 h 5 min");
    expect(formatDuration(7200)).toBe("2 h");
  });
});

describe("changes in mean intensity", () => {
  it("carry a sign, with a real minus, to one decimal", () => {
    expect(formatChange(1.24)).toBe("+1.2");
    expect(formatChange(-0.76)).toBe("\u22120.8");
    expect(formatChange(0.04)).toBe("0.0");
  });
});

describe("counts and means", () => {
  it("say one thing and many things", () => {
    expect(plural(1, "client")).toBe("1 client");
    expect(plural(3, "client")).toBe("3 clients");
    expect(plural(2, "child", "children")).toBe("2 children");
  });

  it("show a missing mean as a dash", () => {
    expect(formatIntensity(null)).toBe("—");
    expect(formatIntensity(4.25)).toBe("4.3");
  });
});

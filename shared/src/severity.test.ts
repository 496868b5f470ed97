import { describe, expect, it } from "vitest";
import { bandOfMean, severityBand } from "./severity.js";

describe("severityBand (Wave's rule: mild 1-3, moderate 4-6, severe 7-10)", () => {
  it.each([
    [1, "mild"],
    [3, "mild"],
    [4, "moderate"],
    [6, "moderate"],
    [7, "severe"],
    [10, "severe"],
  ] as const)("rates %i as %s", (intensity, band) => {
    expect(severityBand(intensity)).toBe(band);
  });

  it("puts 7, where the sources overlap, in severe", () => {
    expect(severityBand(7)).toBe("severe");
  });

  it.each([0, 11, Number.NaN])("refuses %s, which is off the 1-10 scale", (intensity) => {
    expect(() => severityBand(intensity)).toThrow(RangeError);
  });
});

describe("bandOfMean", () => {
  it("has no band without recent episodes", () => {
    expect(bandOfMean(null)).toBeNull();
  });
  it("rounds the mean to the nearest rating at the band edges", () => {
    expect(bandOfMean(3.4)).toBe("mild");
    expect(bandOfMean(3.5)).toBe("moderate");
    expect(bandOfMean(6.49)).toBe("moderate");
    expect(bandOfMean(6.5)).toBe("severe");
  });
});

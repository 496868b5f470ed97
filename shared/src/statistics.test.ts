import { describe, expect, it } from "vitest";
import { meanWithInterval } from "./statistics.js";

describe("meanWithInterval", () => {
  it("matches a hand computation with Student's t", () => {
    // mean -2, sd 1, n 4: half-width = t(0.975, 3) * 1 / 2 = 3.182446 / 2.
    const result = meanWithInterval([-1, -2, -3, -2]);
    expect(result?.mean).toBeCloseTo(-2, 10);
    const sd = Math.sqrt((1 + 0 + 1 + 0) / 3);
    const halfWidth = 3.182446305284263 * (sd / 2);
    expect(result?.low).toBeCloseTo(-2 - halfWidth, 6);
    expect(result?.high).toBeCloseTo(-2 + halfWidth, 6);
  });
  it("has no interval for a single value and no mean for none", () => {
    expect(meanWithInterval([3])).toEqual({ n: 1, mean: 3, low: null, high: null });
    expect(meanWithInterval([])).toBeNull();
  });
});

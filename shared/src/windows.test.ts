import { describe, expect, it } from "vitest";
import { interventionWindows } from "./windows.js";

const start = new Date("2026-11-01T12:00:00Z");
const at = (days: number, intensity: number) => ({
  occurredAt: new Date(start.getTime() + days * 24 * 60 * 60 * 1000),
  intensity,
});

describe("interventionWindows (14 days before and after the start)", () => {
  it("averages each side with the counts behind it", () => {
    const { before, after } = interventionWindows([at(-10, 8), at(-5, 7), at(-1, 6), at(1, 4), at(5, 3), at(13, 2)], start);
    expect(before).toEqual({ count: 3, mean: 7, enough: true });
    expect(after).toEqual({ count: 3, mean: 3, enough: true });
  });

  it("puts an episode at the start itself after, and leaves out episodes beyond 14 days", () => {
    const { before, after } = interventionWindows([at(-14.01, 9), at(-14, 8), at(0, 5), at(14, 1)], start);
    expect(before).toMatchObject({ count: 1, mean: 8 });
    expect(after).toMatchObject({ count: 1, mean: 5 });
  });

  it("says not enough data below 3 episodes", () => {
    const { before, after } = interventionWindows([at(-3, 5), at(-2, 5), at(2, 4)], start);
    expect(before.enough).toBe(false);
    expect(after).toEqual({ count: 1, mean: 4, enough: false });
    expect(interventionWindows([], start).before).toEqual({ count: 0, mean: null, enough: false });
  });
});

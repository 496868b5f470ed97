import { describe, expect, it } from "vitest";
import { buildTrendPoints, MAX_TREND_POINTS, weekStartUtc } from "./client-trend.js";

const at = (iso: string, intensity: number, selfHarm = false) => ({ occurredAt: new Date(iso), intensity, selfHarm });

describe("weekStartUtc", () => {
  it("is the Monday of the week, at midnight UTC", () => {
    expect(weekStartUtc(new Date("2026-11-26T15:00:00Z")).toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(weekStartUtc(new Date("2026-11-23T00:00:00Z")).toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(weekStartUtc(new Date("2026-11-29T23:59:00Z")).toISOString()).toBe("2026-11-23T00:00:00.000Z");
  });
});

describe("buildTrendPoints", () => {
  const episodes = [
    at("2026-11-16T08:00:00Z", 8),
    at("2026-11-16T14:00:00Z", 6, true),
    at("2026-11-24T08:00:00Z", 3),
  ];

  it("gives one point per episode, self-harm marked", () => {
    const trend = buildTrendPoints(episodes, "episode");
    expect(trend.bucket).toBe("episode");
    expect(trend.points.map((point) => [point.intensity, point.selfHarm])).toEqual([
      [8, false],
      [6, true],
      [3, false],
    ]);
  });

  it("averages by day and by week, keeping the count and the highest rating", () => {
    const daily = buildTrendPoints(episodes, "day");
    expect(daily.points[0]).toMatchObject({ at: "2026-11-16T00:00:00.000Z", intensity: 7, count: 2, maxIntensity: 8, selfHarm: true });
    expect(daily.weekly).toEqual([
      { weekStart: "2026-11-16T00:00:00.000Z", mean: 7, count: 2 },
      { weekStart: "2026-11-23T00:00:00.000Z", mean: 3, count: 1 },
    ]);
  });

  it("coarsens to keep the chart under the point limit", () => {
    const many = Array.from({ length: MAX_TREND_POINTS + 1 }, (_, index) =>
      at(new Date(Date.UTC(2026, 0, 1) + index * 3_600_000).toISOString(), 5),
    );
    const trend = buildTrendPoints(many, "episode");
    expect(trend.bucket).toBe("day");
    expect(trend.points.length).toBeLessThanOrEqual(MAX_TREND_POINTS);
    expect(trend.points.reduce((sum, point) => sum + point.count, 0)).toBe(many.length);
  });
});

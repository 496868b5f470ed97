import { describe, expect, it } from "vitest";
import {
  axisTicks,
  bucketNote,
  buildSeverityChartData,
  clientReportedTimes,
  DAY_MS,
  expectedCourseLabel,
  formatAxisTick,
  postpartumWeeksAt,
  trendSummary,
  WEEK_MS,
} from "./chart-data";
import type { ClientTrend } from "./review-types";

const BIRTH = "2026-01-05"; // a Monday
const birth = Date.parse(`${BIRTH}T00:00:00Z`);
const at = (weeks: number) => new Date(birth + weeks * WEEK_MS).toISOString();

function trend(overrides: Partial<ClientTrend> = {}): ClientTrend {
  return {
    bucket: "episode",
    babyBirthDate: BIRTH,
    band: "moderate",
    points: [
      { at: at(10), intensity: 6, count: 1, maxIntensity: 6, selfHarm: false },
      { at: at(12), intensity: 8, count: 1, maxIntensity: 8, selfHarm: true },
      { at: at(20), intensity: 4, count: 1, maxIntensity: 4, selfHarm: false },
    ],
    weekly: [
      { weekStart: at(10), mean: 6, count: 1 },
      { weekStart: at(12), mean: 8, count: 1 },
      { weekStart: at(20), mean: 4, count: 1 },
    ],
    interventions: [{ id: "00000000-0000-4000-8000-000000000001", kind: "education", startedAt: at(11) }],
    ...overrides,
  };
}

describe("postpartum weeks", () => {
  it("counts fractional weeks from midnight UTC of the birth date", () => {
    expect(postpartumWeeksAt(birth + 14 * DAY_MS, BIRTH)).toBe(2);
    expect(postpartumWeeksAt(birth + 3.5 * DAY_MS, BIRTH)).toBe(0.5);
  });

  it("puts every series on the weeks-postpartum axis when asked", () => {
    const data = buildSeverityChartData(trend(), "postpartum");
    expect(data.points.map((point) => point.x)).toEqual([10, 20]);
    expect(data.selfHarmPoints.map((point) => point.x)).toEqual([12]);
    // Weekly means sit mid-week, over the episodes they summarise.
    expect(data.weekly.map((week) => week.x)).toEqual([10.5, 12.5, 20.5]);
    expect(data.interventions.map((marker) => [marker.label, marker.x])).toEqual([["Education", 11]]);
  });

  it("keeps calendar time in epoch milliseconds on the date axis", () => {
    const data = buildSeverityChartData(trend(), "date");
    expect(data.points[0]?.x).toBe(Date.parse(at(10)));
    expect(data.weekly[0]?.x).toBe(Date.parse(at(10)) + WEEK_MS / 2);
  });
});

describe("self-harm episodes", () => {
  it("are drawn as their own series and never also as ordinary points", () => {
    const data = buildSeverityChartData(trend(), "date");
    expect(data.selfHarmPoints).toHaveLength(1);
    expect(data.selfHarmPoints[0]?.y).toBe(8);
    expect(data.points.every((point) => !point.selfHarm)).toBe(true);
  });
});

describe("domain", () => {
  it("covers every point, mean and intervention with a little room either side", () => {
    const early = trend({ interventions: [{ id: "00000000-0000-4000-8000-000000000002", kind: "grounding", startedAt: at(8) }] });
    const data = buildSeverityChartData(early, "postpartum");
    expect(data.domain).not.toBeNull();
    const [from, to] = data.domain ?? [0, 0];
    expect(from).toBeLessThan(8);
    expect(to).toBeGreaterThan(20.5);
    expect(to - 20.5).toBeLessThan(1);
  });

  it("is null with nothing to draw", () => {
    const data = buildSeverityChartData(trend({ points: [], weekly: [], interventions: [] }), "date");
    expect(data.domain).toBeNull();
    expect(data.ticks).toEqual([]);
    expect(data.interventions).toEqual([]);
  });
});

describe("expected course", () => {
  it("is drawn only on the weeks-postpartum axis, clipped to the weeks shown", () => {
    const weeks = buildSeverityChartData(trend(), "postpartum");
    expect(weeks.course?.label).toBe("Expected to ease: weeks 13-52 (moderate)");
    expect(weeks.course?.x1).toBe(13);
    expect(weeks.course?.x2).toBe(weeks.domain?.[1]);
    expect(buildSeverityChartData(trend(), "date").course).toBeNull();
  });

  it("says mild eases by about week 13 and severe has no expected end", () => {
    expect(expectedCourseLabel("mild")).toBe("Expected to ease: by week 13 (mild)");
    expect(expectedCourseLabel("severe")).toMatch(/no expected end/i);
    expect(buildSeverityChartData(trend({ band: "severe" }), "postpartum").course).toBeNull();
    expect(buildSeverityChartData(trend({ band: null }), "postpartum").course).toBeNull();
  });

  it("is left out when the weeks shown lie wholly outside it", () => {
    const late = trend({
      band: "mild",
      points: [{ at: at(20), intensity: 2, count: 1, maxIntensity: 2, selfHarm: false }],
      weekly: [{ weekStart: at(20), mean: 2, count: 1 }],
      interventions: [],
    });
    expect(buildSeverityChartData(late, "postpartum").course).toBeNull();
  });
});

describe("axis ticks", () => {
  it("falls on Mondays (UTC) for a few weeks of dates", () => {
    const from = Date.parse("2026-01-07T10:00:00Z");
    const ticks = axisTicks([from, from + 60 * DAY_MS], "date");
    expect(ticks.length).toBeGreaterThan(1);
    expect(ticks.length).toBeLessThanOrEqual(8);
    for (const tick of ticks) {
      expect(new Date(tick).getUTCDay()).toBe(1);
      expect(tick % DAY_MS).toBe(0);
    }
    expect(ticks[0]).toBe(Date.parse("2026-01-12T00:00:00Z"));
  });

  it("falls on whole days for a short span", () => {
    const from = Date.parse("2026-01-07T10:00:00Z");
    expect(axisTicks([from, from + 3 * DAY_MS], "date")).toEqual([
      Date.parse("2026-01-08T00:00:00Z"),
      Date.parse("2026-01-09T00:00:00Z"),
      Date.parse("2026-01-10T00:00:00Z"),
    ]);
  });

  it("thin out on a narrow plot", () => {
    const wide = buildSeverityChartData(trend(), "postpartum", 1100).ticks;
    const narrow = buildSeverityChartData(trend(), "postpartum", 300).ticks;
    expect(wide.length).toBeGreaterThan(narrow.length);
    expect(narrow.length).toBeLessThanOrEqual(3);
  });

  it("falls on round weeks postpartum", () => {
    expect(axisTicks([2.4, 30.2], "postpartum")).toEqual([4, 8, 12, 16, 20, 24, 28]);
    expect(axisTicks([2.4, 6.9], "postpartum")).toEqual([3, 4, 5, 6]);
  });

  it("labels dates as UTC days, with the year when the range crosses one", () => {
    const tick = Date.parse("2026-01-12T00:00:00Z");
    expect(formatAxisTick(tick, "date", [tick, tick + DAY_MS])).toBe("12 Jan");
    expect(formatAxisTick(tick, "date", [Date.parse("2025-12-01T00:00:00Z"), tick])).toBe("12 Jan 2026");
    expect(formatAxisTick(12, "postpartum", null)).toBe("12");
  });
});

describe("intervention labels", () => {
  it("go on different rows when their starts are close together", () => {
    const close = trend({
      interventions: [
        { id: "00000000-0000-4000-8000-000000000003", kind: "education", startedAt: at(10) },
        { id: "00000000-0000-4000-8000-000000000004", kind: "grounding", startedAt: at(10.3) },
        { id: "00000000-0000-4000-8000-000000000005", kind: "peer_support", startedAt: at(16) },
      ],
    });
    const [first, second, third] = buildSeverityChartData(close, "date").interventions;
    expect(first?.row).toBe(0);
    expect(second?.row).toBe(1);
    expect(third?.row).toBe(0);
  });

  it("need more rows on a narrow tablet plot than on a desktop one", () => {
    const referrals = trend({
      interventions: [
        { id: "00000000-0000-4000-8000-000000000007", kind: "therapist_referral", startedAt: at(10) },
        { id: "00000000-0000-4000-8000-000000000008", kind: "prescriber_referral", startedAt: at(12) },
      ],
    });
    expect(buildSeverityChartData(referrals, "date", 1100).interventions.map((marker) => marker.row)).toEqual([0, 0]);
    expect(buildSeverityChartData(referrals, "date", 400).interventions.map((marker) => marker.row)).toEqual([0, 1]);
  });

  it("read leftwards from a start near the right edge", () => {
    const late = trend({ interventions: [{ id: "00000000-0000-4000-8000-000000000006", kind: "therapist_referral", startedAt: at(20) }] });
    expect(buildSeverityChartData(late, "date").interventions[0]?.anchor).toBe("end");
    expect(buildSeverityChartData(trend(), "date").interventions[0]?.anchor).toBe("start");
  });
});

describe("what the chart says in words", () => {
  it("says when the server drew coarser points than asked", () => {
    expect(bucketNote("episode", "episode")).toBeNull();
    expect(bucketNote("episode", "day")).toMatch(/mean of one day/);
    expect(bucketNote("episode", "week")).toMatch(/mean of one week/);
  });

  it("summarises the course, the self-harm reports and the interventions", () => {
    const summary = trendSummary(trend());
    expect(summary).toContain("3 episodes from 16 Mar 2026 to 25 May 2026");
    expect(summary).toContain("the highest rating was 8 of 10");
    expect(summary).toContain("from 6.0 in the week of 16 Mar 2026 to 4.0 in the week of 25 May 2026");
    expect(summary).toContain("1 episode with thoughts of self-harm");
    expect(summary).toContain("Interventions started: Education (23 Mar 2026)");
    expect(trendSummary(trend({ points: [], weekly: [], interventions: [] }))).toBe("No episodes recorded yet.");
  });
});

describe("the client's own reports", () => {
  it("are found at the same instants as the trend's points, and only the client's", () => {
    const reported = clientReportedTimes([
      { occurredAt: at(10), source: "client" },
      { occurredAt: at(12), source: "consultant" },
    ]);
    const data = buildSeverityChartData(trend(), "date");
    expect(data.points.filter((point) => reported.has(point.at)).map((point) => point.at)).toEqual([at(10)]);
    expect(data.selfHarmPoints.some((point) => reported.has(point.at))).toBe(false);
  });
});

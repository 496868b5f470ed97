import { describe, expect, it } from "vitest";
import { courseSeries, effectivenessSeries, expectedCourseText, expectedSpans, intensityTrend, weekLabel, weeklySeries } from "./series";
import { courseFixture, effectivenessFixture, hidden, overviewFixture, shown } from "./test-fixtures";

describe("weekly series", () => {
  it("has one point per week, with suppressed cells as gaps (null), never 0", () => {
    const points = weeklySeries(overviewFixture());
    expect(points.map((point) => point.label)).toEqual(["9 Nov", "16 Nov", "23 Nov"]);
    expect(points[1]).toEqual({
      weekStart: "2026-11-16",
      label: "16 Nov",
      activeClients: 73,
      episodes: 861,
      meanIntensity: 5.48,
      mild: 27,
      moderate: 22,
      severe: null,
    });
    expect(weekLabel("2026-08-31")).toBe("31 Aug");
  });
});

describe("effectiveness series", () => {
  it("turns the interval into ErrorBar distances below and above the mean", () => {
    const [education, therapist] = effectivenessSeries(effectivenessFixture());
    expect(education).toEqual({
      kind: "education",
      label: "Education",
      meanChange: -0.97,
      error: [0.21, 0.22],
      low: -1.18,
      high: -0.75,
    });
    expect(therapist).toMatchObject({ meanChange: null, error: null, low: null, high: null });
  });
});

describe("course series", () => {
  it("has a point per week with a mean per initial band, gaps where suppressed", () => {
    expect(courseSeries(courseFixture())).toEqual([
      { week: 0, mild: 2.65, moderate: 5.35, severe: null },
      { week: 1, mild: 2.48, moderate: 5.08, severe: 7.91 },
    ]);
  });

  it("draws the expected course as spans of weeks, and says severe has no expected end", () => {
    const expected = courseFixture().expected;
    expect(expectedSpans(expected)).toEqual([
      { band: "mild", x1: 0, x2: 13, label: "Mild: usually eases by week 13" },
      { band: "moderate", x1: 13, x2: 52, label: "Moderate: usually eases weeks 13-52" },
    ]);
    expect(expectedCourseText(expected)[2]).toBe("Severe: no expected end. May last until weaning.");
  });
});

describe("mean intensity trend", () => {
  it("compares the latest week with the week before, in words", () => {
    const trend = intensityTrend(overviewFixture(), "2026-11-26");
    expect(trend).toMatchObject({
      latestWeek: "2026-11-23",
      previousWeek: "2026-11-16",
      latestPartial: true,
      direction: "lower",
      headline: "5.21",
      words: "Down 0.27, from 5.48 to 5.21: lower ratings (better).",
    });
  });

  it("says worse when ratings rise, and a full week is not partial", () => {
    const overview = overviewFixture();
    overview.weeks = overview.weeks.slice(0, 2);
    expect(intensityTrend(overview, "2026-11-22")).toMatchObject({
      direction: "higher",
      latestPartial: false,
      words: "Up 0.91, from 4.57 to 5.48: higher ratings (worse).",
    });
  });

  it("will not compare with a suppressed week", () => {
    const overview = overviewFixture();
    const last = overview.weeks[2];
    if (last) last.meanIntensity = hidden;
    expect(intensityTrend(overview, "2026-11-29")).toMatchObject({
      direction: "unknown",
      headline: "fewer than 5",
      words: "Cannot compare: the latest week rests on fewer than 5 clients.",
    });
  });

  it("needs two weeks", () => {
    const overview = overviewFixture();
    overview.weeks = [{ ...overview.weeks[0]!, meanIntensity: shown(4) }];
    expect(intensityTrend(overview, "2026-11-15")).toMatchObject({ direction: "unknown", headline: "4.00" });
  });
});

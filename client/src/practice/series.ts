import type { Cell } from "@wave/shared";
import { chartValue, formatNumber, suppressedText } from "./cells";
import type { Band, Course, Effectiveness, InterventionKind, Overview } from "./practice-types";
import { addDays } from "./range";
import { bands } from "@wave/shared";
import { formatDayMonth } from "../lib/dates";
import { bandLabels, interventionKindLabels } from "../lib/labels";

// Chart series from the API's cells. Suppressed cells become null, which
// every chart draws as a gap; the table views say "fewer than N" instead.

/** "31 Aug": the tick under a week. */
export function weekLabel(weekStart: string): string {
  return formatDayMonth(weekStart);
}

export interface WeekPoint {
  weekStart: string;
  label: string;
  activeClients: number | null;
  episodes: number | null;
  meanIntensity: number | null;
  mild: number | null;
  moderate: number | null;
  severe: number | null;
}

export function weeklySeries(overview: Overview): WeekPoint[] {
  return overview.weeks.map((week) => ({
    weekStart: week.weekStart,
    label: weekLabel(week.weekStart),
    activeClients: chartValue(week.activeClients),
    episodes: chartValue(week.episodes),
    meanIntensity: chartValue(week.meanIntensity),
    mild: chartValue(week.clientsByBand.mild),
    moderate: chartValue(week.clientsByBand.moderate),
    severe: chartValue(week.clientsByBand.severe),
  }));
}

export interface EffectPoint {
  kind: InterventionKind;
  label: string;
  /** Mean change in intensity (after minus before); negative is an improvement. */
  meanChange: number | null;
  /** ErrorBar's [below, above] distances from the mean to the 95% interval's ends. */
  error: [number, number] | null;
  low: number | null;
  high: number | null;
}

export function effectivenessSeries(effectiveness: Effectiveness): EffectPoint[] {
  return effectiveness.kinds.map((row) => {
    const mean = chartValue(row.meanChange);
    const low = chartValue(row.ciLow);
    const high = chartValue(row.ciHigh);
    const error: [number, number] | null =
      mean === null || low === null || high === null ? null : [round(mean - low), round(high - mean)];
    return { kind: row.kind, label: interventionKindLabels.short[row.kind], meanChange: mean, error, low, high };
  });
}

const round = (value: number) => Math.round(value * 100) / 100;

export interface CoursePoint {
  week: number;
  mild: number | null;
  moderate: number | null;
  severe: number | null;
}

/** Mean intensity per week postpartum, one series per initial band. */
export function courseSeries(course: Course): CoursePoint[] {
  const byWeek = new Map<number, CoursePoint>();
  for (const cell of course.cells) {
    const point = byWeek.get(cell.week) ?? { week: cell.week, mild: null, moderate: null, severe: null };
    point[cell.band] = chartValue(cell.meanIntensity);
    byWeek.set(cell.week, point);
  }
  return [...byWeek.values()].sort((a, b) => a.week - b.week);
}

export interface ExpectedSpan {
  band: Band;
  x1: number;
  x2: number;
  label: string;
}

/** DOMAIN.md's expected course as spans of weeks postpartum; severe has none (it may last until weaning). */
export function expectedSpans(expected: Course["expected"]): ExpectedSpan[] {
  return bands.flatMap((band) => {
    const weeks = expected[band].resolvesBetweenWeeks;
    if (!weeks) return [];
    const [x1, x2] = weeks;
    const name = bandLabels.long[band].replace(/ \(.*\)$/, "");
    const label = x1 === 0 ? `${name}: usually eases by week ${x2}` : `${name}: usually eases weeks ${x1}-${x2}`;
    return [{ band, x1, x2, label }];
  });
}

export function expectedCourseText(expected: Course["expected"]): string[] {
  return bands.map((band) => {
    const name = bandLabels.long[band].replace(/ \(.*\)$/, "");
    const weeks = expected[band].resolvesBetweenWeeks;
    const when = weeks ? (weeks[0] === 0 ? `by about week ${weeks[1]}` : `between weeks ${weeks[0]} and ${weeks[1]}`) : "no expected end";
    return `${name}: ${when}. ${expected[band].summary}`;
  });
}

export type IntensityDirection = "lower" | "higher" | "unchanged" | "unknown";

export interface IntensityTrend {
  latestWeek: string | null;
  previousWeek: string | null;
  /** The latest week is still running (the range ends before its Sunday). */
  latestPartial: boolean;
  direction: IntensityDirection;
  /** The change in words, e.g. "Down 0.27, from 5.48 to 5.21: lower ratings (better)". */
  words: string;
  /** The latest week's mean as shown in the tile. */
  headline: string;
}

/** Mean intensity of the latest week against the week before, with the direction in words. */
export function intensityTrend(overview: Overview, to: string): IntensityTrend {
  const weeks = overview.weeks;
  const latest = weeks.at(-1);
  const previous = weeks.at(-2);
  const latestPartial = latest ? addDays(latest.weekStart, 6) > to : false;
  const base = {
    latestWeek: latest?.weekStart ?? null,
    previousWeek: previous?.weekStart ?? null,
    latestPartial,
  };
  const fewer = suppressedText(overview.threshold);
  if (!latest || !previous) {
    return {
      ...base,
      direction: "unknown",
      headline: latest ? showMean(latest.meanIntensity, fewer) : "No data",
      words: "Needs at least two weeks in the range to compare.",
    };
  }
  const now: Cell = latest.meanIntensity;
  const before: Cell = previous.meanIntensity;
  if (now.suppressed || before.suppressed) {
    return {
      ...base,
      direction: "unknown",
      headline: showMean(now, fewer),
      words: `Cannot compare: ${now.suppressed ? "the latest week" : "the week before"} rests on ${fewer} clients.`,
    };
  }
  const change = round(now.value - before.value);
  const from = formatNumber(before.value, "mean");
  const toText = formatNumber(now.value, "mean");
  if (change === 0) return { ...base, direction: "unchanged", headline: toText, words: `Unchanged at ${toText} from the week before.` };
  const amount = formatNumber(Math.abs(change), "mean");
  return change < 0
    ? { ...base, direction: "lower", headline: toText, words: `Down ${amount}, from ${from} to ${toText}: lower ratings (better).` }
    : { ...base, direction: "higher", headline: toText, words: `Up ${amount}, from ${from} to ${toText}: higher ratings (worse).` };
}

function showMean(cell: Cell, fewer: string): string {
  return cell.suppressed ? fewer : formatNumber(cell.value, "mean");
}

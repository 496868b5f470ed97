import { EXPECTED_COURSE } from "@wave/shared";
import type { ClientTrend, InterventionKind, TrendBucket } from "./review-types";
import { plural } from "../../lib/format";
import { interventionKindLabels } from "../../lib/labels";

// Pure shaping of analytics.clientTrend into what the severity chart draws.
// Nothing here touches React or Recharts, so every rule is unit-tested.

export const DAY_MS = 24 * 60 * 60 * 1000;
export const WEEK_MS = 7 * DAY_MS;

/** The x-axis: calendar time (epoch ms) or weeks since the baby's birth. */
export type XAxisMode = "date" | "postpartum";
type Band = keyof typeof EXPECTED_COURSE;

export interface EpisodePoint {
  x: number;
  /** Intensity 1-10; a day's or week's mean when the server coarsened the bucket. */
  y: number;
  at: string;
  count: number;
  maxIntensity: number;
  selfHarm: boolean;
}

export interface WeeklyMeanPoint {
  x: number;
  y: number;
  weekStart: string;
  count: number;
}

export interface InterventionMarker {
  id: string;
  kind: InterventionKind;
  label: string;
  x: number;
  startedAt: string;
  /** Labels that would collide sit on different rows above the plot. */
  row: number;
  anchor: "start" | "end";
}

export interface CourseSpan {
  x1: number;
  x2: number;
  label: string;
}

export interface SeverityChartData {
  mode: XAxisMode;
  bucket: TrendBucket;
  /** Points without self-harm thoughts. */
  points: EpisodePoint[];
  /** Points with thoughts of self-harm: drawn in their own series, shape and colour. */
  selfHarmPoints: EpisodePoint[];
  weekly: WeeklyMeanPoint[];
  interventions: InterventionMarker[];
  /** Null when there is nothing to draw. */
  domain: [number, number] | null;
  ticks: number[];
  /** The expected course, clipped to the visible weeks; postpartum mode only. */
  course: CourseSpan | null;
}

/** The severity bands (Wave's rule, DOMAIN.md) as y ranges; the edges sit between whole ratings. */
export const BAND_AREAS: readonly { band: Band; y1: number; y2: number; label: string }[] = [
  { band: "mild", y1: 0.5, y2: 3.5, label: "Mild 1-3" },
  { band: "moderate", y1: 3.5, y2: 6.5, label: "Moderate 4-6" },
  { band: "severe", y1: 6.5, y2: 10.5, label: "Severe 7-10" },
];
export const INTENSITY_DOMAIN: [number, number] = [0.5, 10.5];
export const INTENSITY_TICKS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** Midnight UTC of the baby's birth date (YYYY-MM-DD), as shared/postpartum.ts counts it. */
export function birthTime(babyBirthDate: string): number {
  return Date.parse(`${babyBirthDate}T00:00:00Z`);
}

/** Fractional weeks postpartum at `time` (epoch ms). */
export function postpartumWeeksAt(time: number, babyBirthDate: string): number {
  return (time - birthTime(babyBirthDate)) / WEEK_MS;
}

function xOf(time: number, mode: XAxisMode, birth: number): number {
  return mode === "date" ? time : (time - birth) / WEEK_MS;
}

/** "Expected to ease: weeks 13-52 (moderate)"; severe has no expected end. */
export function expectedCourseLabel(band: Band): string {
  const weeks = EXPECTED_COURSE[band].resolvesBetweenWeeks;
  if (!weeks) return `No expected end (${band}): may last until weaning`;
  const [from, to] = weeks;
  return from <= 0 ? `Expected to ease: by week ${to} (${band})` : `Expected to ease: weeks ${from}-${to} (${band})`;
}

const DATE_STEPS_DAYS = [1, 2, 7, 14, 28, 56, 91, 182, 364];
const WEEK_STEPS = [1, 2, 4, 8, 13, 26, 52];

/** Monday 00:00 UTC on or after `time`: weekly ticks line up with the server's weekly buckets. */
function nextMondayUtc(time: number): number {
  const day = Math.ceil(time / DAY_MS) * DAY_MS;
  const weekday = new Date(day).getUTCDay();
  return day + ((8 - weekday) % 7) * DAY_MS;
}

/**
 * Round-number ticks for a numeric time axis: whole days or Mondays for
 * dates, whole weeks for weeks postpartum. Recharts' own "nice" ticks on
 * epoch milliseconds would fall at arbitrary times of day.
 */
export function axisTicks(domain: [number, number], mode: XAxisMode, maxTicks = 8): number[] {
  const [from, to] = domain;
  if (!(to > from)) return [];
  const ticks: number[] = [];
  if (mode === "postpartum") {
    const step = WEEK_STEPS.find((candidate) => Math.floor((to - from) / candidate) + 1 <= maxTicks) ?? 104;
    for (let tick = Math.ceil(from / step) * step; tick <= to; tick += step) ticks.push(tick);
    return ticks;
  }
  const stepDays = DATE_STEPS_DAYS.find((days) => Math.floor((to - from) / (days * DAY_MS)) + 1 <= maxTicks) ?? 728;
  const first = stepDays >= 7 ? nextMondayUtc(from) : Math.ceil(from / DAY_MS) * DAY_MS;
  for (let tick = first; tick <= to; tick += stepDays * DAY_MS) ticks.push(tick);
  return ticks;
}

const utcDay = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const utcDayYear = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** Dates on the time axis and in the weekly table are UTC days, as the server buckets them. */
export function formatUtcDate(time: number, withYear = false): string {
  return (withYear ? utcDayYear : utcDay).format(time);
}

export function formatAxisTick(value: number, mode: XAxisMode, domain: [number, number] | null): string {
  if (mode === "postpartum") return String(Math.round(value * 10) / 10);
  const crossesYear = domain !== null && new Date(domain[0]).getUTCFullYear() !== new Date(domain[1]).getUTCFullYear();
  return formatUtcDate(value, crossesYear);
}

/** The chart's horizontal insets around the plot, in px: the y-axis on the left, the band names on the right. */
export const CHART_INSETS = { left: 4, yAxis: 44, right: 104 } as const;
const LABEL_ROWS = 6;
/** Height of one row of intervention labels above the plot, in px. */
export const LABEL_ROW_HEIGHT = 16;
/** A generous estimate of a 12px bold label's width, so collisions are over-, not under-estimated. */
const LABEL_CHAR_PX = 7.4;
const LABEL_PADDING_PX = 14;

/** The plot's width inside a chart `chartWidth` px wide. */
export function plotWidthOf(chartWidth: number): number {
  return Math.max(200, chartWidth - CHART_INSETS.left - CHART_INSETS.yAxis - CHART_INSETS.right);
}

/**
 * Staggers intervention labels over a few rows so that close starts do not
 * print over each other. Widths are estimated from the text and the plot's
 * width, so a narrow tablet screen gets more rows than a desktop.
 */
function placeMarkers(
  markers: Omit<InterventionMarker, "row" | "anchor">[],
  domain: [number, number],
  plotWidth: number,
): InterventionMarker[] {
  const span = domain[1] - domain[0] || 1;
  const rowEnds: number[] = Array.from({ length: LABEL_ROWS }, () => Number.NEGATIVE_INFINITY);
  return [...markers]
    .sort((a, b) => a.x - b.x)
    .map((marker) => {
      const at = (marker.x - domain[0]) / span;
      const width = (marker.label.length * LABEL_CHAR_PX + LABEL_PADDING_PX) / plotWidth;
      // Near the right edge a label reads leftwards from its line so that it is not clipped.
      const anchor = at + width > 1 ? "end" : "start";
      const [start, end] = anchor === "start" ? [at, at + width] : [at - width, at];
      let row = rowEnds.findIndex((rowEnd) => rowEnd <= start);
      if (row === -1) row = rowEnds.indexOf(Math.min(...rowEnds));
      rowEnds[row] = end;
      return { ...marker, row, anchor };
    });
}

function paddedDomain(xs: number[], mode: XAxisMode): [number, number] | null {
  if (xs.length === 0) return null;
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  // A little room either side so the first and last points are not cut in half.
  const minimumPad = mode === "date" ? DAY_MS : 1 / 7;
  const pad = Math.max((max - min) * 0.03, minimumPad);
  return [min - pad, max + pad];
}

/** About one tick per 90px of plot, so dates never crowd on a tablet. */
function maxTicksFor(plotWidth: number): number {
  return Math.min(10, Math.max(3, Math.floor(plotWidth / 90)));
}

/** Converts the server's trend into chart series for the chosen x-axis, laid out for a plot `plotWidth` px wide. */
export function buildSeverityChartData(trend: ClientTrend, mode: XAxisMode, plotWidth = 1000): SeverityChartData {
  const birth = birthTime(trend.babyBirthDate);
  const all: EpisodePoint[] = trend.points.map((point) => ({
    x: xOf(Date.parse(point.at), mode, birth),
    y: point.intensity,
    at: point.at,
    count: point.count,
    maxIntensity: point.maxIntensity,
    selfHarm: point.selfHarm,
  }));
  // Each weekly mean sits mid-week, over the episodes it summarises.
  const weekly: WeeklyMeanPoint[] = trend.weekly.map((week) => ({
    x: xOf(Date.parse(week.weekStart) + WEEK_MS / 2, mode, birth),
    y: week.mean,
    weekStart: week.weekStart,
    count: week.count,
  }));
  const starts = trend.interventions.map((intervention) => ({
    id: intervention.id,
    kind: intervention.kind,
    label: interventionKindLabels.short[intervention.kind],
    x: xOf(Date.parse(intervention.startedAt), mode, birth),
    startedAt: intervention.startedAt,
  }));

  const domain = all.length === 0 ? null : paddedDomain([...all, ...weekly, ...starts].map((item) => item.x), mode);
  let course: CourseSpan | null = null;
  const weeks = trend.band ? EXPECTED_COURSE[trend.band].resolvesBetweenWeeks : null;
  if (mode === "postpartum" && domain && trend.band && weeks) {
    const x1 = Math.max(weeks[0], domain[0]);
    const x2 = Math.min(weeks[1], domain[1]);
    if (x1 < x2) course = { x1, x2, label: expectedCourseLabel(trend.band) };
  }

  return {
    mode,
    bucket: trend.bucket,
    points: all.filter((point) => !point.selfHarm),
    selfHarmPoints: all.filter((point) => point.selfHarm),
    weekly,
    interventions: domain ? placeMarkers(starts, domain, plotWidth) : [],
    domain,
    ticks: domain ? axisTicks(domain, mode, maxTicksFor(plotWidth)) : [],
    course,
  };
}

/**
 * When the client's own reports (through a link) happened, so that the
 * tooltip of a one-per-episode point can say so. The trend's points carry no
 * source; episodes.list (already on the page) does, at the same instants.
 */
export function clientReportedTimes(episodes: readonly { occurredAt: string; source: string }[]): ReadonlySet<string> {
  return new Set(episodes.filter((episode) => episode.source === "client").map((episode) => new Date(episode.occurredAt).toISOString()));
}

const BUCKET_UNITS: Record<Exclude<TrendBucket, "episode">, string> = { day: "day", week: "week" };

/** What each point stands for, said when the server drew coarser points than one per episode. */
export function bucketNote(requested: TrendBucket, received: TrendBucket): string | null {
  if (received === requested) return null;
  if (received === "episode") return null;
  return `There are too many episodes to draw one by one, so each point is the mean of one ${BUCKET_UNITS[received]}.`;
}

function oneDecimal(value: number): string {
  return (Math.round(value * 10) / 10).toFixed(1);
}

/** A sentence or four that say what the chart shows, for screen readers and the print brief. */
export function trendSummary(trend: ClientTrend): string {
  if (trend.points.length === 0) return "No episodes recorded yet.";
  const times = trend.points.map((point) => Date.parse(point.at));
  const first = Math.min(...times);
  const last = Math.max(...times);
  const episodes = trend.points.reduce((sum, point) => sum + point.count, 0);
  const highest = Math.max(...trend.points.map((point) => point.maxIntensity));
  const sentences = [
    `${plural(episodes, "episode")} from ${formatUtcDate(first, true)} to ${formatUtcDate(last, true)}; the highest rating was ${highest} of 10.`,
  ];

  const firstWeek = trend.weekly[0];
  const lastWeek = trend.weekly[trend.weekly.length - 1];
  if (firstWeek && lastWeek && trend.weekly.length > 1) {
    sentences.push(
      `The weekly mean intensity went from ${oneDecimal(firstWeek.mean)} in the week of ${formatUtcDate(Date.parse(firstWeek.weekStart), true)} to ${oneDecimal(lastWeek.mean)} in the week of ${formatUtcDate(Date.parse(lastWeek.weekStart), true)}.`,
    );
  } else if (firstWeek) {
    sentences.push(`The weekly mean intensity was ${oneDecimal(firstWeek.mean)}.`);
  }

  const selfHarm = trend.points.filter((point) => point.selfHarm).length;
  if (selfHarm === 0) sentences.push("No episode with thoughts of self-harm.");
  else if (trend.bucket === "episode") sentences.push(`${plural(selfHarm, "episode")} with thoughts of self-harm.`);
  else sentences.push(`Thoughts of self-harm reported in ${plural(selfHarm, BUCKET_UNITS[trend.bucket])}.`);

  if (trend.band) {
    const band = `${trend.band.charAt(0).toUpperCase()}${trend.band.slice(1)}`;
    sentences.push(`${band} over the last 30 days. ${EXPECTED_COURSE[trend.band].summary}`);
  }

  if (trend.interventions.length > 0) {
    const started = trend.interventions
      .map((intervention) => `${interventionKindLabels.short[intervention.kind]} (${formatUtcDate(Date.parse(intervention.startedAt), true)})`)
      .join(", ");
    sentences.push(`Interventions started: ${started}.`);
  }
  return sentences.join(" ");
}

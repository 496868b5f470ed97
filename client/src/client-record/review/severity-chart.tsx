import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useId, useMemo, useState } from "react";
import { useTRPC } from "../../app/trpc";
import { Loading } from "../../ui/loading";
import { ChartLegend } from "./chart-legend";
import {
  bucketNote,
  buildSeverityChartData,
  clientReportedTimes,
  expectedCourseLabel,
  LABEL_ROW_HEIGHT,
  plotWidthOf,
  postpartumWeeksAt,
  trendSummary,
  type XAxisMode,
} from "./chart-data";
import { QueryContent, ReviewSection } from "./review-section";
import type { ClientTrend, TrendBucket } from "./review-types";
import { useElementWidth } from "./use-element-width";
import { usePrintMedia } from "./use-print-media";
import { WeeklyMeansTable } from "./weekly-means-table";

// Recharts is most of the bundle's weight: load it with the first chart, not with sign-in or the caseload.
const TrendChart = lazy(() => import("./trend-chart").then((module) => ({ default: module.TrendChart })));

/** One point per episode; the server coarsens to days or weeks past ~1000 points and says so in `bucket`. */
const REQUESTED_BUCKET: TrendBucket = "episode";

/** Heights without the label rows: the plot, its axes and margins. */
const SCREEN_PLOT_HEIGHT = 340;
const PRINT_PLOT_HEIGHT = 205;
/** The print brief draws the chart this wide, then scales it to the paper. */
const PRINT_CHART_WIDTH = 1000;

const AXIS_OPTIONS: readonly { mode: XAxisMode; label: string }[] = [
  { mode: "date", label: "Calendar dates" },
  { mode: "postpartum", label: "Weeks postpartum" },
];

/** Real radio buttons: arrow keys move between them, and the choice is announced. */
function AxisToggle({ mode, onChange }: { mode: XAxisMode; onChange: (mode: XAxisMode) => void }) {
  const name = useId();
  return (
    <fieldset className="axis-toggle">
      <legend className="axis-toggle__legend">Time axis</legend>
      {AXIS_OPTIONS.map((option) => (
        <label key={option.mode} className="axis-toggle__option">
          <input
            type="radio"
            name={name}
            value={option.mode}
            checked={mode === option.mode}
            onChange={() => onChange(option.mode)}
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}

/** The severity trend: every episode, the weekly mean, the bands, interventions and the expected course. */
export function SeverityChart({ clientId }: { clientId: string }) {
  const trpc = useTRPC();
  const [mode, setMode] = useState<XAxisMode>("date");
  const query = useQuery(trpc.analytics.clientTrend.queryOptions({ clientId, bucket: REQUESTED_BUCKET }));
  return (
    <ReviewSection
      id="severity-trend"
      title="Severity trend"
      className="review-chart"
      actions={query.data && query.data.points.length > 0 ? <AxisToggle mode={mode} onChange={setMode} /> : null}
    >
      <QueryContent
        query={query}
        what="the severity trend"
        isEmpty={(trend) => trend.points.length === 0}
        emptyTitle="No episodes recorded yet"
        emptyBody={<p>The chart appears once the first episode is recorded.</p>}
      >
        {(trend) => <TrendFigure trend={trend} mode={mode} fetchedAt={query.dataUpdatedAt} clientId={clientId} />}
      </QueryContent>
    </ReviewSection>
  );
}

function TrendFigure({ trend, mode, fetchedAt, clientId }: { trend: ClientTrend; mode: XAxisMode; fetchedAt: number; clientId: string }) {
  const trpc = useTRPC();
  const summaryId = useId();
  // The episodes section's own query (one request): it says which points the client reported.
  const episodes = useQuery(trpc.episodes.list.queryOptions({ clientId }));
  const clientReported = useMemo(() => clientReportedTimes(episodes.data ?? []), [episodes.data]);
  const [figureRef, figureWidth] = useElementWidth<HTMLElement>();
  const printing = usePrintMedia();
  // Until the figure is measured, lay out for a desktop width; the first resize corrects it.
  const chartWidth = printing ? PRINT_CHART_WIDTH : (figureWidth ?? 1100);
  const data = useMemo(() => buildSeverityChartData(trend, mode, plotWidthOf(chartWidth)), [trend, mode, chartWidth]);
  const labelRows = data.interventions.reduce((rows, marker) => Math.max(rows, marker.row + 1), 0);
  // The plot keeps its height however many rows of intervention labels sit above it.
  const chartHeight = (printing ? PRINT_PLOT_HEIGHT : SCREEN_PLOT_HEIGHT) + labelRows * LABEL_ROW_HEIGHT;
  const summary = useMemo(() => trendSummary(trend), [trend]);
  const coarser = bucketNote(REQUESTED_BUCKET, trend.bucket);
  const weeksNow = Math.max(0, Math.floor(postpartumWeeksAt(fetchedAt, trend.babyBirthDate)));

  return (
    <figure className="trend-figure" ref={figureRef}>
      <figcaption id={summaryId} className="trend-figure__summary">
        {summary}
      </figcaption>
      {coarser ? <p className="notice notice--info trend-figure__note">{coarser}</p> : null}
      {mode === "postpartum" ? (
        <p className="trend-figure__course" data-testid="expected-course">
          {trend.band
            ? `${expectedCourseLabel(trend.band)}. The baby is ${weeksNow} ${weeksNow === 1 ? "week" : "weeks"} old.`
            : `No episodes in the last 30 days, so there is no current band to compare with the expected course. The baby is ${weeksNow} weeks old.`}
        </p>
      ) : null}
      <Suspense fallback={<Loading label="Drawing the chart…" />}>
        <div
          className="trend-figure__chart"
          style={printing ? undefined : { height: chartHeight }}
          role="img"
          aria-label="Severity trend chart"
          aria-describedby={summaryId}
        >
          <TrendChart
            data={data}
            fixedSize={printing ? { width: PRINT_CHART_WIDTH, height: chartHeight } : null}
            clientReported={clientReported}
          />
        </div>
      </Suspense>
      <ChartLegend bucketed={trend.bucket !== "episode"} showCourse={data.course !== null} />
      <WeeklyMeansTable trend={trend} />
    </figure>
  );
}

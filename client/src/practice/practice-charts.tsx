import type { Key } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  ErrorBar,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from "recharts";
import { formatCell, formatInterval } from "./cells";
import { effectivenessDrill, overviewDrill, type Drill } from "./drill";
import type { Band, Course, Effectiveness, Overview, OverviewMeasure } from "./practice-types";
import { type PracticeParams } from "./range";
import { courseSeries, effectivenessSeries, expectedSpans, weeklySeries, weekLabel } from "./series";
import { bands } from "@wave/shared";
import { formatDay } from "../lib/dates";
import { bandLabels } from "../lib/labels";

// The lead's charts. Suppressed cells are null, so bars are missing and
// lines break there; the table under each chart says "fewer than N".
// Series differ by pattern, dash or marker as well as colour.

export const CHART_COLORS = {
  axis: "#52636e",
  grid: "#dfe5e9",
  episodes: "#1f5f73",
  mean: "#1c2a33",
  improvement: "#1d5c36",
  worsening: "#8c1d18",
  whisker: "#1c2a33",
  bands: { mild: "#4f9a6b", moderate: "#c99a2e", severe: "#b3261e" },
  expected: { mild: "#e3f3ea", moderate: "#fdf0d5" },
} as const;

const AXIS_TICK = { fill: CHART_COLORS.axis, fontSize: 12 };
const NO_ANIMATION = { isAnimationActive: false } as const;
const STYLE = { width: "100%", height: "100%" };

/** The SVG patterns that tell the band segments apart without colour. */
export function BandPatterns({ idPrefix }: { idPrefix: string }) {
  return (
    <defs>
      <pattern id={`${idPrefix}-mild`} width={6} height={6} patternUnits="userSpaceOnUse">
        <rect width={6} height={6} fill={CHART_COLORS.bands.mild} />
      </pattern>
      <pattern id={`${idPrefix}-moderate`} width={6} height={6} patternUnits="userSpaceOnUse">
        <rect width={6} height={6} fill={CHART_COLORS.bands.moderate} />
        <circle cx={3} cy={3} r={1.2} fill="#ffffff" />
      </pattern>
      <pattern id={`${idPrefix}-severe`} width={6} height={6} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width={6} height={6} fill={CHART_COLORS.bands.severe} />
        <line x1={0} y1={0} x2={0} y2={6} stroke="#ffffff" strokeWidth={1.5} />
      </pattern>
    </defs>
  );
}

function TooltipBox({ title, lines }: { title: string; lines: readonly string[] }) {
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip__title">{title}</p>
      {lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </div>
  );
}

interface WeeklyChartProps {
  overview: Overview;
  params: PracticeParams;
  onDrill?: ((drill: Drill) => void) | undefined;
}

function weekAt(overview: Overview, index: number) {
  return overview.weeks[index];
}

function drillWeek(props: WeeklyChartProps, index: number, measure: OverviewMeasure) {
  const week = weekAt(props.overview, index);
  if (!week || !props.onDrill) return;
  const cell = measure === "mild" || measure === "moderate" || measure === "severe" ? week.clientsByBand[measure] : week[measure];
  const drill = overviewDrill(props.params, week.weekStart, measure, cell);
  if (drill) props.onDrill(drill);
}

function weekTooltip(overview: Overview, lines: (week: Overview["weeks"][number]) => string[]) {
  return function WeekTooltip({ active, label }: TooltipContentProps) {
    const week = overview.weeks.find((candidate) => candidate.weekStart === label);
    if (!active || !week) return null;
    return <TooltipBox title={`Week of ${formatDay(week.weekStart)}`} lines={lines(week)} />;
  };
}

const weekAxis = (
  <XAxis dataKey="weekStart" tickFormatter={weekLabel} stroke={CHART_COLORS.axis} tick={AXIS_TICK} minTickGap={8} />
);

export function EpisodesChart(props: WeeklyChartProps) {
  const { overview } = props;
  const t = overview.threshold;
  return (
    <BarChart responsive style={STYLE} data={weeklySeries(overview)} margin={{ top: 8, right: 12, bottom: 4, left: 0 }} accessibilityLayer={false}>
      <CartesianGrid vertical={false} stroke={CHART_COLORS.grid} />
      {weekAxis}
      <YAxis allowDecimals={false} stroke={CHART_COLORS.axis} tick={AXIS_TICK} width={48} />
      <Tooltip cursor={{ fill: "#eef2f4" }} {...NO_ANIMATION} content={weekTooltip(overview, (week) => [`Episodes: ${formatCell(week.episodes, t)}`])} />
      <Bar
        dataKey="episodes"
        name="Episodes"
        fill={CHART_COLORS.episodes}
        className={props.onDrill ? "chart-clickable" : undefined}
        onClick={(_item, index) => drillWeek(props, index, "episodes")}
        {...NO_ANIMATION}
      />
    </BarChart>
  );
}

export function MeanIntensityChart(props: WeeklyChartProps) {
  const { overview } = props;
  const t = overview.threshold;
  return (
    <LineChart responsive style={STYLE} data={weeklySeries(overview)} margin={{ top: 8, right: 16, bottom: 4, left: 0 }} accessibilityLayer={false}>
      <CartesianGrid vertical={false} stroke={CHART_COLORS.grid} />
      {weekAxis}
      <YAxis domain={[0, 10]} ticks={[0, 2, 4, 6, 8, 10]} stroke={CHART_COLORS.axis} tick={AXIS_TICK} width={36} />
      <Tooltip {...NO_ANIMATION} content={weekTooltip(overview, (week) => [`Mean intensity: ${formatCell(week.meanIntensity, t, "mean")}`])} />
      <Line
        dataKey="meanIntensity"
        name="Mean intensity"
        stroke={CHART_COLORS.mean}
        strokeWidth={2.5}
        dot={{ r: 3.5, fill: CHART_COLORS.mean }}
        connectNulls={false}
        {...NO_ANIMATION}
      />
    </LineChart>
  );
}

export function BandsChart(props: WeeklyChartProps & { patternId: string }) {
  const { overview, patternId } = props;
  const t = overview.threshold;
  return (
    <BarChart responsive style={STYLE} data={weeklySeries(overview)} margin={{ top: 8, right: 12, bottom: 4, left: 0 }} accessibilityLayer={false}>
      <BandPatterns idPrefix={patternId} />
      <CartesianGrid vertical={false} stroke={CHART_COLORS.grid} />
      {weekAxis}
      <YAxis allowDecimals={false} stroke={CHART_COLORS.axis} tick={AXIS_TICK} width={40} />
      <Tooltip
        cursor={{ fill: "#eef2f4" }}
        {...NO_ANIMATION}
        content={weekTooltip(overview, (week) => bands.map((band) => `${bandLabels.long[band]}: ${formatCell(week.clientsByBand[band], t)}`).reverse())}
      />
      {bands.map((band) => (
        <Bar
          key={band}
          dataKey={band}
          name={bandLabels.long[band]}
          stackId="bands"
          fill={`url(#${patternId}-${band})`}
          stroke="#ffffff"
          strokeWidth={1}
          className={props.onDrill ? "chart-clickable" : undefined}
          onClick={(_item, index) => drillWeek(props, index, band)}
          {...NO_ANIMATION}
        />
      ))}
    </BarChart>
  );
}

export interface EffectivenessChartProps {
  effectiveness: Effectiveness;
  params: PracticeParams;
  onDrill?: ((drill: Drill) => void) | undefined;
}

/** Mean change per intervention kind as horizontal bars with 95% whiskers; left of zero is better. */
export function EffectivenessChart({ effectiveness, params, onDrill }: EffectivenessChartProps) {
  const t = effectiveness.threshold;
  const data = effectivenessSeries(effectiveness).map((point) => ({
    ...point,
    tick: point.meanChange === null ? `${point.label} (${formatCell({ suppressed: true, value: null }, t)})` : point.label,
  }));
  const extent = Math.max(1, ...data.flatMap((point) => [Math.abs(point.low ?? 0), Math.abs(point.high ?? 0)]));
  const limit = Math.ceil(extent * 2) / 2;
  return (
    <BarChart
      responsive
      style={STYLE}
      layout="vertical"
      data={data}
      margin={{ top: 8, right: 24, bottom: 28, left: 8 }}
      accessibilityLayer={false}
    >
      <CartesianGrid horizontal={false} stroke={CHART_COLORS.grid} />
      <XAxis
        type="number"
        domain={[-limit, limit]}
        tickFormatter={(value: number) => (value > 0 ? `+${value}` : String(value))}
        stroke={CHART_COLORS.axis}
        tick={AXIS_TICK}
        label={{
          value: "Mean change in intensity, 14 days after vs before (negative = improvement)",
          position: "insideBottom",
          offset: -18,
          fill: CHART_COLORS.axis,
          fontSize: 12,
        }}
      />
      <YAxis type="category" dataKey="tick" width={230} stroke={CHART_COLORS.axis} tick={AXIS_TICK} interval={0} />
      <ReferenceLine x={0} stroke={CHART_COLORS.axis} strokeWidth={1.5} />
      <Tooltip
        cursor={{ fill: "#eef2f4" }}
        {...NO_ANIMATION}
        content={({ active, label }: TooltipContentProps) => {
          const index = data.findIndex((point) => point.tick === label);
          const row = effectiveness.kinds[index];
          if (!active || !row) return null;
          return (
            <TooltipBox
              title={data[index]?.label ?? row.kind}
              lines={[
                `Mean change: ${formatCell(row.meanChange, t, "change")}`,
                `95% interval: ${formatInterval(row.ciLow, row.ciHigh, t)}`,
                `Clients with enough data: ${formatCell(row.clientsWithEnoughData, t)}`,
              ]}
            />
          );
        }}
      />
      <Bar
        dataKey="meanChange"
        name="Mean change"
        barSize={18}
        className={onDrill && !params.consultantId ? "chart-clickable" : undefined}
        onClick={(_item, index) => {
          const row = effectiveness.kinds[index];
          const drill = row ? effectivenessDrill(params, row.kind, row.clients) : null;
          if (drill && onDrill) onDrill(drill);
        }}
        shape={(shape: { x?: number; y?: number; width?: number; height?: number; payload?: { meanChange: number | null } }) => {
          const change = shape.payload?.meanChange ?? 0;
          const x = shape.x ?? 0;
          const width = shape.width ?? 0;
          return (
            <rect
              x={width < 0 ? x + width : x}
              y={shape.y}
              width={Math.abs(width)}
              height={shape.height}
              fill={change <= 0 ? CHART_COLORS.improvement : CHART_COLORS.worsening}
              fillOpacity={0.8}
            />
          );
        }}
        {...NO_ANIMATION}
      >
        <ErrorBar dataKey="error" direction="x" width={8} stroke={CHART_COLORS.whisker} strokeWidth={1.75} isAnimationActive={false} />
      </Bar>
    </BarChart>
  );
}

const BAND_LINES: Record<Band, { dash?: string; dot: "circle" | "square" | "triangle" }> = {
  mild: { dot: "circle" },
  moderate: { dash: "7 4", dot: "square" },
  severe: { dash: "2 3", dot: "triangle" },
};

function BandDot({ cx, cy, band }: { cx?: number | undefined; cy?: number | undefined; band: Band }) {
  if (cx === undefined || cy === undefined) return null;
  const color = CHART_COLORS.bands[band];
  const shape = BAND_LINES[band].dot;
  if (shape === "square") return <rect x={cx - 3} y={cy - 3} width={6} height={6} fill={color} />;
  if (shape === "triangle") return <path d={`M${cx} ${cy - 4} L${cx + 4} ${cy + 3} L${cx - 4} ${cy + 3} Z`} fill={color} />;
  return <circle cx={cx} cy={cy} r={3} fill={color} />;
}

/** The legend's marker for a band: the same line style and marker as the chart. */
export function BandLineSwatch({ band }: { band: Band }) {
  return (
    <svg width={34} height={12} aria-hidden="true" focusable="false" className="legend-swatch">
      <line x1={1} x2={33} y1={6} y2={6} stroke={CHART_COLORS.bands[band]} strokeWidth={2.5} strokeDasharray={BAND_LINES[band].dash} />
      <BandDot cx={17} cy={6} band={band} />
    </svg>
  );
}

/** Observed mean intensity by week postpartum per initial band, over the expected course as shaded spans. */
export function CourseChart({ course }: { course: Course }) {
  const t = course.threshold;
  const data = courseSeries(course);
  const spans = expectedSpans(course.expected);
  return (
    <LineChart responsive style={STYLE} data={data} margin={{ top: 28, right: 16, bottom: 28, left: 0 }} accessibilityLayer={false}>
      {spans.map((span) => (
        <ReferenceArea
          key={span.band}
          x1={span.x1}
          x2={span.x2}
          y1={0}
          y2={10}
          fill={CHART_COLORS.expected[span.band === "mild" ? "mild" : "moderate"]}
          fillOpacity={0.7}
          stroke={CHART_COLORS.axis}
          strokeDasharray="4 4"
          strokeOpacity={0.4}
          ifOverflow="hidden"
          label={{ value: span.label, position: "insideTop", fill: "#2c3a43", fontSize: 12, fontWeight: 600, offset: -20 }}
        />
      ))}
      <CartesianGrid vertical={false} stroke={CHART_COLORS.grid} />
      <XAxis
        type="number"
        dataKey="week"
        domain={[0, 52]}
        ticks={[0, 4, 8, 13, 17, 22, 26, 30, 35, 39, 43, 48, 52]}
        stroke={CHART_COLORS.axis}
        tick={AXIS_TICK}
        label={{ value: "Weeks postpartum", position: "insideBottom", offset: -18, fill: CHART_COLORS.axis, fontSize: 12 }}
      />
      <YAxis
        domain={[0, 10]}
        ticks={[0, 2, 4, 6, 8, 10]}
        stroke={CHART_COLORS.axis}
        tick={AXIS_TICK}
        width={44}
        label={{ value: "Mean intensity", angle: -90, position: "insideLeft", offset: 12, fill: CHART_COLORS.axis, fontSize: 12 }}
      />
      <Tooltip
        {...NO_ANIMATION}
        content={({ active, label }: TooltipContentProps) => {
          const week = typeof label === "number" ? label : Number(label);
          const cells = course.cells.filter((cell) => cell.week === week);
          if (!active || cells.length === 0) return null;
          return (
            <TooltipBox
              title={`Week ${week} postpartum`}
              lines={cells.map((cell) => `Initially ${bandLabels.long[cell.band].toLowerCase()}: ${formatCell(cell.meanIntensity, t, "mean")}`)}
            />
          );
        }}
      />
      {bands.map((band) => (
        <Line
          key={band}
          dataKey={band}
          name={`Initially ${bandLabels.long[band].toLowerCase()}`}
          stroke={CHART_COLORS.bands[band]}
          strokeWidth={2.25}
          strokeDasharray={BAND_LINES[band].dash}
          connectNulls={false}
          dot={(dot: { cx?: number | undefined; cy?: number | undefined; key?: Key | null | undefined }) => (
            <BandDot key={dot.key ?? undefined} cx={dot.cx} cy={dot.cy} band={band} />
          )}
          {...NO_ANIMATION}
        />
      ))}
    </LineChart>
  );
}

import { useId } from "react";
import {
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceArea,
  ReferenceLine,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from "recharts";
import { PALETTE } from "./chart-palette";
import {
  BAND_AREAS,
  CHART_INSETS,
  formatAxisTick,
  formatUtcDate,
  INTENSITY_DOMAIN,
  INTENSITY_TICKS,
  LABEL_ROW_HEIGHT,
  type EpisodePoint,
  type SeverityChartData,
  type WeeklyMeanPoint,
} from "./chart-data";
import { SELF_REPORT_LABEL } from "./self-report-words";
import { formatDateTime } from "../../lib/dates";


interface MarkerLabelProps {
  /** Filled in by Recharts: the reference line's box, x at the line, y at the top of the plot. */
  viewBox?: { x?: number; y?: number };
  text: string;
  row: number;
  anchor: "start" | "end";
}

/** An intervention's name above the plot, joined to its line; rows keep close starts apart. */
function MarkerLabel({ viewBox, text, row, anchor }: MarkerLabelProps) {
  const x = viewBox?.x ?? 0;
  const top = viewBox?.y ?? 0;
  const baseline = top - 5 - row * LABEL_ROW_HEIGHT;
  return (
    <g className="trend-chart__marker-label">
      {row > 0 ? (
        <line x1={x} x2={x} y1={baseline + 3} y2={top} stroke={PALETTE.intervention} strokeDasharray="2 2" />
      ) : null}
      <text
        x={anchor === "start" ? x + 3 : x - 3}
        y={baseline}
        textAnchor={anchor}
        fill={PALETTE.interventionText}
        fontSize={12}
        fontWeight={600}
      >
        {text}
      </text>
    </g>
  );
}

interface CourseLabelProps {
  viewBox?: { x?: number; y?: number; width?: number };
  text: string;
}

/** The expected-course label, inside the hatched span, with a halo so points behind it do not blur it. */
function CourseLabel({ viewBox, text }: CourseLabelProps) {
  const x = (viewBox?.x ?? 0) + 6;
  const y = (viewBox?.y ?? 0) + 16;
  return (
    <text
      x={x}
      y={y}
      fill={PALETTE.courseText}
      fontSize={12}
      fontWeight={600}
      stroke="#ffffff"
      strokeWidth={4}
      strokeLinejoin="round"
      paintOrder="stroke"
    >
      {text}
    </text>
  );
}

/** Larger than an ordinary point and outlined, so a self-harm report stands out even where points overlap. */
function SelfHarmMarker({ cx, cy }: { cx?: number | undefined; cy?: number | undefined }) {
  if (cx === undefined || cy === undefined) return null;
  const half = 7.5;
  return (
    <path
      d={`M${cx} ${cy - half * 1.2} L${cx + half} ${cy + half * 0.8} L${cx - half} ${cy + half * 0.8} Z`}
      fill={PALETTE.selfHarm}
      stroke={PALETTE.selfHarmStroke}
      strokeWidth={1.25}
      strokeLinejoin="round"
    />
  );
}

function isEpisodePoint(value: unknown): value is EpisodePoint {
  return typeof value === "object" && value !== null && "at" in value && "maxIntensity" in value;
}

function isWeeklyPoint(value: unknown): value is WeeklyMeanPoint {
  return typeof value === "object" && value !== null && "weekStart" in value;
}

/** Says what the hovered point is in words: when, how intense, and whether self-harm thoughts were reported. */
function PointTooltip({
  active,
  payload,
  bucketed,
  clientReported,
}: TooltipContentProps & { bucketed: boolean; clientReported: ReadonlySet<string> }) {
  const item: unknown = payload[0]?.payload;
  if (!active || item === undefined) return null;
  if (isWeeklyPoint(item)) {
    return (
      <div className="trend-tooltip">
        <p className="trend-tooltip__title">Week of {formatUtcDate(Date.parse(item.weekStart), true)}</p>
        <p>
          Mean intensity {item.y.toFixed(1)} from {item.count} {item.count === 1 ? "episode" : "episodes"}
        </p>
      </div>
    );
  }
  if (!isEpisodePoint(item)) return null;
  return (
    <div className="trend-tooltip">
      <p className="trend-tooltip__title">{bucketed ? formatUtcDate(Date.parse(item.at), true) : formatDateTime(item.at)}</p>
      <p>
        {bucketed
          ? `Mean intensity ${item.y.toFixed(1)} from ${item.count} ${item.count === 1 ? "episode" : "episodes"} (highest ${item.maxIntensity})`
          : `Intensity ${item.y}`}
      </p>
      {!bucketed && clientReported.has(item.at) ? <p>{SELF_REPORT_LABEL}: logged by the client</p> : null}
      {item.selfHarm ? <p className="trend-tooltip__urgent">Thoughts of self-harm reported</p> : null}
    </div>
  );
}

/**
 * The drawing itself. Layers, back to front: severity bands, the expected
 * course, intervention starts, the weekly mean, then the episodes on top.
 * The x-axis is numeric (epoch ms or weeks postpartum) so gaps in time show
 * as gaps.
 */
export interface TrendChartProps {
  data: SeverityChartData;
  /** A fixed drawing size (for print); otherwise the chart fills its container. */
  fixedSize: { width: number; height: number } | null;
  /** Instants of the client's own reports (clientReportedTimes): their tooltips say "Self-report". */
  clientReported: ReadonlySet<string>;
}

export function TrendChart({ data, fixedSize, clientReported }: TrendChartProps) {
  const hatchId = `course-hatch-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const domain = data.domain;
  if (!domain) return null;
  const labelRows = data.interventions.reduce((rows, marker) => Math.max(rows, marker.row + 1), 0);
  const bucketed = data.bucket !== "episode";

  return (
    <ComposedChart
      {...(fixedSize ?? { responsive: true, style: { width: "100%", height: "100%" } })}
      // The band names sit in the right margin, outside the plot, so they never cover a point.
      margin={{ top: 10 + labelRows * LABEL_ROW_HEIGHT, right: CHART_INSETS.right, bottom: 28, left: CHART_INSETS.left }}
      // The figure's summary and table are the accessible version; keyboard
      // stepping through three differently shaped series would only confuse.
      accessibilityLayer={false}
    >
      <defs>
        <pattern id={hatchId} width={8} height={8} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width={8} height={8} fill={PALETTE.course} fillOpacity={0.08} />
          <line x1={0} y1={0} x2={0} y2={8} stroke={PALETTE.course} strokeWidth={2} strokeOpacity={0.35} />
        </pattern>
      </defs>

      {BAND_AREAS.map((area) => (
        <ReferenceArea
          key={area.band}
          y1={area.y1}
          y2={area.y2}
          fill={PALETTE.bands[area.band].fill}
          fillOpacity={0.75}
          ifOverflow="hidden"
          zIndex={0}
          label={{ value: area.label, position: "right", fill: PALETTE.bands[area.band].text, fontSize: 12, fontWeight: 600 }}
        />
      ))}

      {data.course ? (
        <ReferenceArea
          x1={data.course.x1}
          x2={data.course.x2}
          fill={`url(#${hatchId})`}
          stroke={PALETTE.course}
          strokeDasharray="6 4"
          strokeOpacity={0.6}
          ifOverflow="hidden"
          zIndex={0}
          label={<CourseLabel text={data.course.label} />}
        />
      ) : null}

      <CartesianGrid vertical={false} stroke={PALETTE.grid} />

      {/* An explicit domain rather than ['dataMin', 'dataMax']: it also spans the
          intervention starts, pads both ends, and is what the expected course is clipped to. */}
      <XAxis
        type="number"
        dataKey="x"
        domain={domain}
        ticks={data.ticks}
        allowDataOverflow
        tickFormatter={(value: number) => formatAxisTick(value, data.mode, domain)}
        stroke={PALETTE.axis}
        tick={{ fill: PALETTE.axis, fontSize: 12 }}
        label={{
          value: data.mode === "date" ? "Date" : "Weeks postpartum",
          position: "insideBottom",
          offset: -18,
          fill: PALETTE.axis,
          fontSize: 12,
        }}
      />
      <YAxis
        type="number"
        dataKey="y"
        domain={INTENSITY_DOMAIN}
        ticks={INTENSITY_TICKS}
        allowDataOverflow
        width={CHART_INSETS.yAxis}
        stroke={PALETTE.axis}
        tick={{ fill: PALETTE.axis, fontSize: 12 }}
        label={{ value: "Intensity", angle: -90, position: "insideLeft", offset: 10, fill: PALETTE.axis, fontSize: 12 }}
      />

      {data.interventions.map((marker) => (
        <ReferenceLine
          key={marker.id}
          x={marker.x}
          stroke={PALETTE.intervention}
          strokeWidth={1.5}
          strokeDasharray="5 3"
          ifOverflow="hidden"
          label={<MarkerLabel text={marker.label} row={marker.row} anchor={marker.anchor} />}
        />
      ))}

      <Line
        data={data.weekly}
        dataKey="y"
        name="Weekly mean"
        type="monotone"
        stroke={PALETTE.weeklyMean}
        strokeWidth={2.5}
        dot={false}
        activeDot={{ r: 4 }}
        isAnimationActive={false}
      />
      <Scatter
        data={data.points}
        dataKey="y"
        name={bucketed ? "Mean of the period" : "Episode"}
        shape="circle"
        fill={PALETTE.episode}
        stroke={PALETTE.episodeStroke}
        strokeWidth={1}
        isAnimationActive={false}
      />
      <Scatter
        data={data.selfHarmPoints}
        dataKey="y"
        name="Thoughts of self-harm"
        shape={(props: { cx?: number | undefined; cy?: number | undefined }) => <SelfHarmMarker cx={props.cx} cy={props.cy} />}
        fill={PALETTE.selfHarm}
        stroke={PALETTE.selfHarmStroke}
        strokeWidth={1}
        isAnimationActive={false}
        className="trend-chart__self-harm"
      />
      <Tooltip
        shared={false}
        cursor={false}
        isAnimationActive={false}
        content={(props: TooltipContentProps) => <PointTooltip {...props} bucketed={bucketed} clientReported={clientReported} />}
      />
    </ComposedChart>
  );
}

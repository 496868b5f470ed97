import { useId } from "react";
import { PALETTE } from "./chart-palette";

const ICON = { width: 22, height: 14, viewBox: "0 0 22 14", "aria-hidden": true, focusable: false } as const;

export interface ChartLegendProps {
  bucketed: boolean;
  showCourse: boolean;
}

/**
 * The chart's key in HTML, so it wraps on a tablet, prints, and is read as
 * text. Each entry pairs a shape or line style with words, never colour alone.
 */
export function ChartLegend({ bucketed, showCourse }: ChartLegendProps) {
  const hatchId = `legend-hatch-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  return (
    <ul className="chart-legend" aria-label="Chart key">
      <li>
        <svg {...ICON}>
          <circle cx={11} cy={7} r={4.5} fill={PALETTE.episode} />
        </svg>
        {bucketed ? "Mean of the period (circle)" : "Episode (circle)"}
      </li>
      <li>
        <svg {...ICON}>
          <path d="M11 1.5 L17 12.5 L5 12.5 Z" fill={PALETTE.selfHarm} stroke={PALETTE.selfHarmStroke} strokeWidth={1} />
        </svg>
        Thoughts of self-harm (triangle)
      </li>
      <li>
        <svg {...ICON}>
          <line x1={1} y1={7} x2={21} y2={7} stroke={PALETTE.weeklyMean} strokeWidth={2.5} />
        </svg>
        Weekly mean
      </li>
      <li>
        <svg {...ICON}>
          <line x1={11} y1={0} x2={11} y2={14} stroke={PALETTE.intervention} strokeWidth={1.5} strokeDasharray="4 2" />
        </svg>
        Intervention started (dashed line)
      </li>
      <li>
        <svg {...ICON}>
          <rect x={1} y={1} width={6} height={12} fill={PALETTE.bands.mild.fill} stroke={PALETTE.bands.mild.text} strokeWidth={0.5} />
          <rect x={8} y={1} width={6} height={12} fill={PALETTE.bands.moderate.fill} stroke={PALETTE.bands.moderate.text} strokeWidth={0.5} />
          <rect x={15} y={1} width={6} height={12} fill={PALETTE.bands.severe.fill} stroke={PALETTE.bands.severe.text} strokeWidth={0.5} />
        </svg>
        Bands: mild 1-3, moderate 4-6, severe 7-10
      </li>
      {showCourse ? (
        <li>
          <svg {...ICON}>
            <defs>
              <pattern id={hatchId} width={4} height={4} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                <line x1={0} y1={0} x2={0} y2={4} stroke={PALETTE.course} strokeWidth={1.5} />
              </pattern>
            </defs>
            <rect x={1} y={1} width={20} height={12} fill={`url(#${hatchId})`} stroke={PALETTE.course} strokeDasharray="3 2" />
          </svg>
          Expected course for the band (hatched)
        </li>
      ) : null}
    </ul>
  );
}

import { BandLineSwatch } from "./practice-charts";
import { bands } from "@wave/shared";
import { bandLabels } from "../lib/labels";

export function BandLegend({ patternId }: { patternId: string }) {
  return (
    <ul className="chart-legend" aria-label="Legend">
      {bands.map((band) => (
        <li key={band}>
          <svg width={16} height={16} aria-hidden="true" focusable="false" className="legend-swatch">
            <rect width={16} height={16} fill={`url(#${patternId}-${band})`} stroke="#52636e" strokeWidth={0.5} />
          </svg>
          {bandLabels.long[band]}
        </li>
      ))}
      <li className="muted">Bottom to top: mild, moderate, severe</li>
    </ul>
  );
}

export function CourseLegend({ lines }: { lines: readonly string[] }) {
  return (
    <div className="course-legend">
      <ul className="chart-legend" aria-label="Legend">
        {bands.map((band) => (
          <li key={band}>
            <BandLineSwatch band={band} />
            Initially {bandLabels.long[band].toLowerCase()}
          </li>
        ))}
      </ul>
      <ul className="course-legend__expected" aria-label="Expected course">
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}

import { BandLineSwatch } from "./practice-charts";
import { BAND_LABELS, BANDS } from "./practice-labels";

export function BandLegend({ patternId }: { patternId: string }) {
  return (
    <ul className="chart-legend" aria-label="Legend">
      {BANDS.map((band) => (
        <li key={band}>
          <svg width={16} height={16} aria-hidden="true" focusable="false" className="legend-swatch">
            <rect width={16} height={16} fill={`url(#${patternId}-${band})`} stroke="#52636e" strokeWidth={0.5} />
          </svg>
          {BAND_LABELS[band]}
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
        {BANDS.map((band) => (
          <li key={band}>
            <BandLineSwatch band={band} />
            Initially {BAND_LABELS[band].toLowerCase()}
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

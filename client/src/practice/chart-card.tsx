import type { ReactNode } from "react";

export interface ChartFigureProps {
  id: string;
  title: string;
  /** What the chart shows, read out in place of the drawing; the table has the numbers. */
  summary: string;
  note?: ReactNode;
  legend?: ReactNode;
  /** CSS height of the drawing, e.g. "16rem". */
  height: string;
  chart: ReactNode;
  /** The chart's text alternative: exactly its numbers, formatted the same way. */
  table: ReactNode;
  headingLevel?: 2 | 3;
  actions?: ReactNode;
  className?: string;
}

/** A chart with its heading, legend, and its numbers as a table behind a disclosure. */
export function ChartFigure({ id, title, summary, note, legend, height, chart, table, headingLevel = 3, actions, className }: ChartFigureProps) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <figure className={["chart-figure", className].filter(Boolean).join(" ")} aria-labelledby={`${id}-title`} data-testid={id}>
      <div className="chart-figure__head">
        <Heading id={`${id}-title`} className="chart-figure__title">
          {title}
        </Heading>
        {actions ? <div className="chart-figure__actions no-print">{actions}</div> : null}
      </div>
      {note ? <div className="chart-figure__note">{note}</div> : null}
      {legend}
      <div className="chart-figure__plot" style={{ height }} role="img" aria-label={`${summary} The numbers are in the table view below the chart.`}>
        {chart}
      </div>
      <details className="chart-figure__data">
        <summary>Table view: the numbers in this chart</summary>
        {table}
      </details>
    </figure>
  );
}

import { formatCell, formatInterval } from "./cells";
import { courseDrill, effectivenessDrill, overviewDrill, type Drill } from "./drill";
import { DrillValue } from "./drill-down";
import type { Cell } from "@wave/shared";
import type { Course, CourseCell, Effectiveness, Overview, OverviewMeasure, OverviewWeek } from "./practice-types";
import { type PracticeParams } from "./range";
import { bands, outcomes } from "@wave/shared";
import { formatDay } from "../lib/dates";
import { bandLabels, interventionKindLabels, outcomeLabels } from "../lib/labels";
import { Table } from "../ui/table";

// The numbers behind each chart, as tables: the charts' text alternatives on
// the dashboard (with buttons that open the clients behind a number) and the
// body of the printable report (without them).

export interface TableProps {
  params: PracticeParams;
  /** Opens a drill-down; absent in the printed report, where numbers are plain text. */
  onDrill?: ((drill: Drill) => void) | undefined;
  caption: string;
}

function WeekCell({ weekStart }: { weekStart: string }) {
  return (
    <th scope="row">
      <time dateTime={weekStart}>{formatDay(weekStart)}</time>
    </th>
  );
}

export interface WeeklyColumn {
  label: string;
  /** The drill-down measure behind the column; the mean has none of its own. */
  measure: OverviewMeasure | null;
  value: (week: OverviewWeek) => Cell;
  format: "count" | "mean";
}

export const WEEKLY_COLUMNS = {
  activeClients: { label: "Active clients", measure: "activeClients", value: (week) => week.activeClients, format: "count" },
  episodes: { label: "Episodes", measure: "episodes", value: (week) => week.episodes, format: "count" },
  meanIntensity: { label: "Mean intensity", measure: null, value: (week) => week.meanIntensity, format: "mean" },
  mild: { label: "Mild", measure: "mild", value: (week) => week.clientsByBand.mild, format: "count" },
  moderate: { label: "Moderate", measure: "moderate", value: (week) => week.clientsByBand.moderate, format: "count" },
  severe: { label: "Severe", measure: "severe", value: (week) => week.clientsByBand.severe, format: "count" },
} satisfies Record<string, WeeklyColumn>;

/** Weeks down the side, the chosen measures across. */
export function WeeklyTable({
  overview,
  columns,
  params,
  onDrill,
  caption,
}: TableProps & { overview: Overview; columns: readonly WeeklyColumn[] }) {
  return (
    <div className="table-scroll">
      <Table className="practice-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Week of</th>
            {columns.map((column) => (
              <th key={column.label} scope="col" className="numeric">
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {overview.weeks.map((week) => (
            <tr key={week.weekStart}>
              <WeekCell weekStart={week.weekStart} />
              {columns.map((column) => {
                const cell = column.value(week);
                const drill = column.measure ? overviewDrill(params, week.weekStart, column.measure, cell) : null;
                return (
                  <td key={column.label} className={cell.suppressed ? "numeric suppressed" : "numeric"}>
                    <DrillValue text={formatCell(cell, overview.threshold, column.format)} drill={drill} onDrill={onDrill} />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

export function EffectivenessTable({
  effectiveness,
  params,
  onDrill,
  caption,
  showOutcomes = true,
}: TableProps & { effectiveness: Effectiveness; showOutcomes?: boolean }) {
  const t = effectiveness.threshold;
  return (
    <div className="table-scroll">
      <Table className="practice-table" data-testid="effectiveness-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Intervention</th>
            <th scope="col" className="numeric">
              Clients
            </th>
            <th scope="col" className="numeric">
              With enough data
            </th>
            <th scope="col" className="numeric">
              Mean change
            </th>
            <th scope="col" className="numeric">
              95% interval
            </th>
            {showOutcomes
              ? outcomes.map((outcome) => (
                  <th key={outcome} scope="col" className="numeric">
                    {outcomeLabels.short[outcome]}
                  </th>
                ))
              : null}
          </tr>
        </thead>
        <tbody>
          {effectiveness.kinds.map((row) => (
            <tr key={row.kind} data-kind={row.kind}>
              <th scope="row">{interventionKindLabels.short[row.kind]}</th>
              <td className={row.clients.suppressed ? "numeric suppressed" : "numeric"}>
                <DrillValue text={formatCell(row.clients, t)} drill={effectivenessDrill(params, row.kind, row.clients)} onDrill={onDrill} />
              </td>
              <td className={row.clientsWithEnoughData.suppressed ? "numeric suppressed" : "numeric"}>
                {formatCell(row.clientsWithEnoughData, t)}
              </td>
              <td className={row.meanChange.suppressed ? "numeric suppressed" : "numeric"} data-testid="mean-change">
                {formatCell(row.meanChange, t, "change")}
              </td>
              <td className={row.ciLow.suppressed ? "numeric suppressed" : "numeric"} data-testid="interval">
                {formatInterval(row.ciLow, row.ciHigh, t)}
              </td>
              {showOutcomes
                ? outcomes.map((outcome) => {
                    const cell = row.outcomes[outcome];
                    return (
                      <td key={outcome} className={cell.suppressed ? "numeric suppressed" : "numeric"}>
                        <DrillValue text={formatCell(cell, t)} drill={effectivenessDrill(params, row.kind, cell, outcome)} onDrill={onDrill} />
                      </td>
                    );
                  })
                : null}
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

/** Weeks postpartum down the side; per initial band, the mean intensity and the clients observed. */
export function CourseTable({ course, params, onDrill, caption, weeks }: TableProps & { course: Course; weeks?: readonly number[] }) {
  const t = course.threshold;
  const byWeek = new Map<number, Partial<Record<CourseCell["band"], CourseCell>>>();
  for (const cell of course.cells) byWeek.set(cell.week, { ...byWeek.get(cell.week), [cell.band]: cell });
  const shownWeeks = weeks ?? [...byWeek.keys()].sort((a, b) => a - b);
  return (
    <div className="table-scroll">
      <Table className="practice-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              Week postpartum
            </th>
            {bands.map((band) => (
              <th key={band} scope="colgroup" colSpan={2} className="practice-table__group">
                Initially {bandLabels.long[band].toLowerCase()}
              </th>
            ))}
          </tr>
          <tr>
            {bands.map((band) => [
              <th key={`${band}-mean`} scope="col" className="numeric">
                Mean intensity
              </th>,
              <th key={`${band}-observed`} scope="col" className="numeric">
                Clients observed
              </th>,
            ])}
          </tr>
        </thead>
        <tbody>
          {shownWeeks.map((week) => {
            const cells = byWeek.get(week) ?? {};
            return (
              <tr key={week}>
                <th scope="row">{week}</th>
                {bands.map((band) => {
                  const cell = cells[band];
                  if (!cell) {
                    return [
                      <td key={`${band}-mean`} className="numeric">
                        —
                      </td>,
                      <td key={`${band}-observed`} className="numeric">
                        —
                      </td>,
                    ];
                  }
                  return [
                    <td key={`${band}-mean`} className={cell.meanIntensity.suppressed ? "numeric suppressed" : "numeric"}>
                      {formatCell(cell.meanIntensity, t, "mean")}
                    </td>,
                    <td key={`${band}-observed`} className={cell.observedClients.suppressed ? "numeric suppressed" : "numeric"}>
                      <DrillValue
                        text={formatCell(cell.observedClients, t)}
                        drill={courseDrill(params, week, band, cell.observedClients)}
                        onDrill={onDrill}
                      />
                    </td>,
                  ];
                })}
              </tr>
            );
          })}
        </tbody>
      </Table>
    </div>
  );
}

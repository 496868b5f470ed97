import { useId } from "react";
import { formatUtcDate, postpartumWeeksAt } from "./chart-data";
import type { ClientTrend } from "./review-types";
import { Table } from "../../ui/table";

/** The chart's numbers as a table: the text alternative for the weekly mean line. */
export function WeeklyMeansTable({ trend }: { trend: ClientTrend }) {
  const captionId = useId();
  return (
    <details className="weekly-means">
      <summary>Weekly means as a table ({trend.weekly.length} {trend.weekly.length === 1 ? "week" : "weeks"})</summary>
      <div className="review-table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
        <Table className="review-table review-table--compact">
          <caption id={captionId}>Weekly mean intensity, oldest week first</caption>
          <thead>
            <tr>
              <th scope="col">Week of</th>
              <th scope="col" className="numeric">
                Weeks postpartum
              </th>
              <th scope="col" className="numeric">
                Episodes
              </th>
              <th scope="col" className="numeric">
                Mean intensity
              </th>
            </tr>
          </thead>
          <tbody>
            {trend.weekly.map((week) => {
              const start = Date.parse(week.weekStart);
              return (
                <tr key={week.weekStart}>
                  <th scope="row">
                    <time dateTime={week.weekStart}>{formatUtcDate(start, true)}</time>
                  </th>
                  <td className="numeric">{Math.max(0, Math.floor(postpartumWeeksAt(start, trend.babyBirthDate)))}</td>
                  <td className="numeric">{week.count}</td>
                  <td className="numeric">{week.mean.toFixed(1)}</td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      </div>
    </details>
  );
}

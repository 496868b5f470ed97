import { useId, type ReactNode } from "react";
import { Link } from "react-router-dom";
import { Button } from "../ui/button";
import { Loading } from "../ui/loading";
import { suppressedText } from "./cells";
import { KpiTiles } from "./kpi-tiles";
import { BandsChart, CourseChart, EffectivenessChart, EpisodesChart, MeanIntensityChart } from "./practice-charts";
import { practiceReportCsv } from "./practice-csv";
import { BandLegend, CourseLegend } from "./practice-legends";
import { useChosenConsultant, usePracticeQueries } from "./practice-queries";
import { CourseTable, EffectivenessTable, WEEKLY_COLUMNS, WeeklyTable } from "./practice-tables";
import { QueryState } from "../ui/query-state";
import { describeRange, practiceSearch } from "./range";
import { expectedCourseText } from "./series";
import { usePracticeParams } from "./use-practice-params";
import { WorkloadTable } from "./workload-table";
import "./practice.css";
import { LeadOnly } from "../app/lead-only";
import { useSignedInUser } from "../app/signed-in-user";
import { csvFilename, toCsv } from "../lib/csv";
import { formatDay } from "../lib/dates";
import { downloadText } from "../lib/download";

/** /practice/report: the dashboard as one printable document for a practice meeting. */
export function PracticeReportPage() {
  return (
    <LeadOnly title="Practice report">
      <PracticeReport />
    </LeadOnly>
  );
}

const COURSE_REPORT_WEEKS = Array.from({ length: 14 }, (_, index) => index * 4);

function ReportChart({ title, summary, height, children }: { title: string; summary: string; height: string; children: ReactNode }) {
  return (
    <figure className="report-chart">
      <figcaption className="report-chart__title">{title}</figcaption>
      <div className="chart-figure__plot" style={{ height }} role="img" aria-label={`${summary} The numbers are in the table that follows.`}>
        {children}
      </div>
    </figure>
  );
}

function PracticeReport() {
  const me = useSignedInUser();
  const { params, today } = usePracticeParams();
  const { scope, reportName } = useChosenConsultant(params.consultantId);
  const { overview, effectiveness, course, workload } = usePracticeQueries(params);
  const patternId = `report-bands-${useId().replace(/[^a-zA-Z0-9-]/g, "")}`;
  const threshold = overview.data?.threshold ?? 5;
  const ready = overview.data && effectiveness.data && course.data && workload.data;

  return (
    <div className="practice practice-report-page">
      <div className="report-toolbar no-print">
        <Link to={`/practice?${practiceSearch(params).toString()}`}>Back to the dashboard</Link>
        <div className="report-toolbar__actions">
          <Button
            variant="secondary"
            disabled={!overview.data || !effectiveness.data || !workload.data}
            onClick={() => {
              if (!overview.data || !effectiveness.data || !workload.data) return;
              const table = practiceReportCsv({
                from: params.from,
                to: params.to,
                consultantName: reportName,
                today,
                overview: overview.data,
                effectiveness: effectiveness.data,
                workload: workload.data,
              });
              downloadText(csvFilename("practice-report", [params.from, params.to]), toCsv(table));
            }}
          >
            Export CSV
          </Button>
          <Button variant="primary" disabled={!ready} onClick={() => window.print()}>
            Print report
          </Button>
        </div>
      </div>

      <article className="practice-report" aria-labelledby="report-title">
        <header className="practice-report__header">
          <h1 id="report-title">Practice report: {me.practiceName}</h1>
          <p>
            {describeRange(params)}, {scope}. Prepared {formatDay(today)} by {me.name}.
          </p>
          <p className="muted">
            Numbers resting on fewer than {threshold} clients read “{suppressedText(threshold)}” and are gaps in the charts. Wave shows,
            counts and sorts; it does not give medical advice.
          </p>
        </header>

        {!ready && !overview.isError && !effectiveness.isError && !course.isError && !workload.isError ? <Loading label="Preparing the report…" /> : null}

        <section className="report-section" aria-labelledby="report-kpi">
          <h2 id="report-kpi">Key numbers</h2>
          <QueryState query={overview} what="the key numbers">
            {(data) => <KpiTiles overview={data} params={params} />}
          </QueryState>
        </section>

        <section className="report-section" aria-labelledby="report-weekly">
          <h2 id="report-weekly">Weekly trends</h2>
          <QueryState query={overview} what="the weekly overview" isEmpty={(data) => data.weeks.length === 0} emptyTitle="No weeks in this range">
            {(data) => (
              <>
                <div className="report-chart-row">
                  <ReportChart title="Episodes per week" summary="Bar chart of episodes per week." height="12rem">
                    <EpisodesChart overview={data} params={params} />
                  </ReportChart>
                  <ReportChart title="Mean intensity per week" summary="Line chart of mean intensity per week." height="12rem">
                    <MeanIntensityChart overview={data} params={params} />
                  </ReportChart>
                </div>
                <ReportChart title="Clients per band" summary="Stacked bar chart of clients per severity band per week." height="12rem">
                  <BandsChart overview={data} params={params} patternId={patternId} />
                </ReportChart>
                <BandLegend patternId={patternId} />
                <WeeklyTable
                  overview={data}
                  columns={Object.values(WEEKLY_COLUMNS)}
                  params={params}
                  caption="Weekly overview: active clients, episodes, mean intensity and clients per band"
                />
              </>
            )}
          </QueryState>
        </section>

        <section className="report-section" aria-labelledby="report-effectiveness">
          <h2 id="report-effectiveness">Intervention effectiveness</h2>
          <p className="report-note">
            Interventions started in the range. Mean change in intensity: the 14 days after the start minus the 14 days before, per client
            with at least 3 episodes on each side. Negative = improvement. 95% confidence interval.
          </p>
          <QueryState query={effectiveness} what="intervention effectiveness">
            {(data) => (
              <>
                <ReportChart
                  title="Mean change in intensity per intervention (negative = improvement)"
                  summary="Horizontal bar chart of the mean change per intervention kind with 95% whiskers."
                  height="18rem"
                >
                  <EffectivenessChart effectiveness={data} params={params} />
                </ReportChart>
                <EffectivenessTable effectiveness={data} params={params} caption="Intervention effectiveness" />
              </>
            )}
          </QueryState>
        </section>

        <section className="report-section" aria-labelledby="report-course">
          <h2 id="report-course">Course by week postpartum</h2>
          <p className="report-note">Every client’s history, whatever the dates above; grouped by the band of their first 14 days.</p>
          <QueryState query={course} what="the course by week postpartum">
            {(data) => (
              <>
                <ReportChart
                  title="Mean intensity by week postpartum, per initial band, over the expected course"
                  summary="Line chart of mean intensity by week postpartum per initial band."
                  height="16rem"
                >
                  <CourseChart course={data} />
                </ReportChart>
                <CourseLegend lines={expectedCourseText(data.expected)} />
                <p className="report-note">Every fourth week; the dashboard and its CSV have every week.</p>
                <CourseTable course={data} params={params} weeks={COURSE_REPORT_WEEKS} caption="Course by week postpartum, every fourth week" />
              </>
            )}
          </QueryState>
        </section>

        <section className="report-section" aria-labelledby="report-workload">
          <h2 id="report-workload">Consultant workload</h2>
          <p className="report-note">As of {formatDay(today)}; episodes recorded in the last 30 days.</p>
          <QueryState query={workload} what="the workload" isEmpty={(data) => data.rows.length === 0} emptyTitle="No consultants yet">
            {(data) => <WorkloadTable workload={data} />}
          </QueryState>
        </section>
      </article>
    </div>
  );
}

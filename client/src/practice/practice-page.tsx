import { useCallback, useId, useState } from "react";
import { Link } from "react-router-dom";
import { Button, buttonClassName } from "../ui/button";
import { suppressedText } from "./cells";
import { ChartFigure } from "./chart-card";
import type { Drill } from "./drill";
import { DrillDownDialog } from "./drill-down";
import { KpiTiles } from "./kpi-tiles";
import { BandsChart, CourseChart, EffectivenessChart, EpisodesChart, MeanIntensityChart } from "./practice-charts";
import { courseCsv, effectivenessCsv, overviewCsv, practiceReportCsv, workloadCsv } from "./practice-csv";
import { PracticeFilters } from "./practice-filters";
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
import { csvFilename, type CsvTable, toCsv } from "../lib/csv";
import { downloadText } from "../lib/download";

/** /practice: the lead's dashboard. */
export function PracticePage() {
  return (
    <LeadOnly title="Practice">
      <PracticeDashboard />
    </LeadOnly>
  );
}

function ExportButton({ label, table, filename }: { label: string; table: CsvTable | null; filename: string }) {
  return (
    <Button variant="quiet" disabled={!table} onClick={() => table && downloadText(filename, toCsv(table))}>
      {label}
    </Button>
  );
}

function PracticeDashboard() {
  const me = useSignedInUser();
  const { params, today, setPreset, setCustom, setConsultant } = usePracticeParams();
  const { consultants, scope, reportName } = useChosenConsultant(params.consultantId);
  const queries = usePracticeQueries(params);
  const [drill, setDrill] = useState<Drill | null>(null);
  const onDrill = useCallback((next: Drill) => setDrill(next), []);
  const patternId = `bands-${useId().replace(/[^a-zA-Z0-9-]/g, "")}`;

  const threshold = queries.overview.data?.threshold ?? queries.workload.data?.threshold ?? 5;
  const fewer = suppressedText(threshold);
  const rangeDates = [params.from, params.to];
  const search = practiceSearch(params).toString();
  const updating = Object.values(queries).some((query) => query.isFetching && query.isPlaceholderData);

  const { overview, effectiveness, course, workload } = queries;
  const report =
    overview.data && effectiveness.data && workload.data && !updating
      ? practiceReportCsv({
          from: params.from,
          to: params.to,
          consultantName: reportName,
          today,
          overview: overview.data,
          effectiveness: effectiveness.data,
          workload: workload.data,
        })
      : null;

  return (
    <div className="practice">
      <div className="page-header practice-header">
        <div>
          <h1>Practice</h1>
          <p className="page-header__lede" data-testid="practice-scope">
            {me.practiceName}: {describeRange(params)}, {scope}.
          </p>
        </div>
        <div className="practice-header__actions">
          <Link className={buttonClassName("secondary")} to={`/practice/report?${search}`}>
            Printable report
          </Link>
          <Button
            variant="primary"
            disabled={!report}
            onClick={() => report && downloadText(csvFilename("practice-report", rangeDates), toCsv(report))}
          >
            Export practice report (CSV)
          </Button>
        </div>
      </div>

      <PracticeFilters params={params} consultants={consultants} onPreset={setPreset} onCustom={setCustom} onConsultant={setConsultant} />

      <p className="practice-note">
        Numbers resting on fewer than {threshold} clients are shown as “{fewer}” (in charts: a gap) and cannot be opened. Select a
        number to list the clients behind it. The report CSV has one number per row: section, dates, consultant, week or group,
        measure, value.
      </p>
      <p className="practice-updating" role="status">
        {updating ? "Updating the numbers for the new selection…" : ""}
      </p>

      <div className={updating ? "practice-body practice-body--updating" : "practice-body"}>
        <section className="practice-section" aria-labelledby="kpi-heading">
          <h2 id="kpi-heading" className="visually-hidden">
            Key numbers
          </h2>
          <QueryState query={overview} what="the key numbers">
            {(data) => <KpiTiles overview={data} params={params} onDrill={onDrill} />}
          </QueryState>
        </section>

        <section className="panel practice-section" aria-labelledby="weekly-heading">
          <div className="practice-section__head">
            <h2 id="weekly-heading">Weekly trends</h2>
            <ExportButton
              label="Export weekly overview (CSV)"
              table={overview.data ? overviewCsv(overview.data) : null}
              filename={csvFilename("weekly-overview", rangeDates)}
            />
          </div>
          <p className="practice-section__note">Weeks run Monday to Sunday (UTC); the first and last may be partial.</p>
          <QueryState
            query={overview}
            what="the weekly overview"
            isEmpty={(data) => data.weeks.length === 0}
            emptyTitle="No weeks in this range"
          >
            {(data) => (
              <div className="chart-grid">
                <ChartFigure
                  id="chart-episodes"
                  title="Episodes per week"
                  summary="Bar chart of DMER episodes recorded per week."
                  height="15rem"
                  chart={<EpisodesChart overview={data} params={params} onDrill={onDrill} />}
                  table={
                    <WeeklyTable
                      overview={data}
                      columns={[WEEKLY_COLUMNS.episodes]}
                      params={params}
                      onDrill={onDrill}
                      caption="Episodes per week"
                    />
                  }
                />
                <ChartFigure
                  id="chart-mean-intensity"
                  title="Mean intensity per week"
                  summary="Line chart of the mean episode intensity (1 to 10) per week."
                  height="15rem"
                  chart={<MeanIntensityChart overview={data} params={params} />}
                  table={
                    <WeeklyTable overview={data} columns={[WEEKLY_COLUMNS.meanIntensity]} params={params} caption="Mean intensity per week" />
                  }
                />
                <ChartFigure
                  id="chart-bands"
                  className="chart-figure--wide"
                  title="Clients per band"
                  summary="Stacked bar chart of clients per severity band (of their mean that week), per week."
                  height="16rem"
                  legend={<BandLegend patternId={patternId} />}
                  chart={<BandsChart overview={data} params={params} onDrill={onDrill} patternId={patternId} />}
                  table={
                    <WeeklyTable
                      overview={data}
                      columns={[WEEKLY_COLUMNS.mild, WEEKLY_COLUMNS.moderate, WEEKLY_COLUMNS.severe]}
                      params={params}
                      onDrill={onDrill}
                      caption="Clients per band per week"
                    />
                  }
                />
              </div>
            )}
          </QueryState>
        </section>

        <section className="panel practice-section" aria-labelledby="effectiveness-heading">
          <div className="practice-section__head">
            <h2 id="effectiveness-heading">Intervention effectiveness</h2>
            <ExportButton
              label="Export effectiveness (CSV)"
              table={effectiveness.data ? effectivenessCsv(effectiveness.data) : null}
              filename={csvFilename("intervention-effectiveness", rangeDates)}
            />
          </div>
          <QueryState query={effectiveness} what="intervention effectiveness">
            {(data) => (
              <ChartFigure
                id="chart-effectiveness"
                title="Mean change in intensity per intervention"
                summary="Horizontal bar chart of the mean change in intensity per intervention kind, with 95% confidence interval whiskers; negative is an improvement."
                height="22rem"
                note={
                  <>
                    <p>
                      For interventions started in the range: each client’s mean intensity in the 14 days after the start minus the 14
                      days before (clients with at least 3 episodes on each side). <strong>Negative = improvement</strong> (green bar, to
                      the left of 0); positive = worse (red bar). Whiskers: 95% confidence interval.
                    </p>
                    {params.consultantId ? (
                      <p className="muted">The clients behind these numbers can be listed for the whole practice only (choose All consultants).</p>
                    ) : null}
                  </>
                }
                chart={<EffectivenessChart effectiveness={data} params={params} onDrill={onDrill} />}
                table={<EffectivenessTable effectiveness={data} params={params} onDrill={onDrill} caption="Intervention effectiveness" />}
              />
            )}
          </QueryState>
        </section>

        <section className="panel practice-section" aria-labelledby="course-heading">
          <div className="practice-section__head">
            <h2 id="course-heading">Course by week postpartum</h2>
            <ExportButton
              label="Export course (CSV)"
              table={course.data ? courseCsv(course.data) : null}
              filename={csvFilename("course-by-postpartum-week", [today])}
            />
          </div>
          <QueryState query={course} what="the course by week postpartum">
            {(data) => (
              <ChartFigure
                id="chart-course"
                title="Mean intensity by week postpartum, per initial band"
                summary="Line chart of mean intensity by week postpartum (0 to 52) for clients whose first two weeks were mild, moderate or severe, over shaded spans where each band is expected to ease."
                height="20rem"
                note={
                  <p>
                    Every client’s history, whatever the dates above. A client’s initial band is the band of their mean over their first 14
                    days of episodes. Shaded: when DMER is expected to ease.
                  </p>
                }
                legend={<CourseLegend lines={expectedCourseText(data.expected)} />}
                chart={<CourseChart course={data} />}
                table={<CourseTable course={data} params={params} onDrill={onDrill} caption="Course by week postpartum" />}
              />
            )}
          </QueryState>
        </section>

        <section className="panel practice-section" aria-labelledby="workload-heading">
          <div className="practice-section__head">
            <h2 id="workload-heading">Consultant workload</h2>
            <ExportButton
              label="Export workload (CSV)"
              table={workload.data ? workloadCsv(workload.data) : null}
              filename={csvFilename("consultant-workload", [today])}
            />
          </div>
          <p className="practice-section__note">Now, for every consultant (episodes: recorded in the last 30 days).</p>
          <QueryState query={workload} what="the workload" isEmpty={(data) => data.rows.length === 0} emptyTitle="No consultants yet">
            {(data) => <WorkloadTable workload={data} onDrill={onDrill} />}
          </QueryState>
        </section>
      </div>

      {drill ? <DrillDownDialog drill={drill} threshold={threshold} onClose={() => setDrill(null)} /> : null}
    </div>
  );
}

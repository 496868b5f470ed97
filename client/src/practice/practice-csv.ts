import { csvCell } from "./cells";
import type { Course, DrillDownClient, Effectiveness, Overview, Workload, WorkloadRow } from "./practice-types";
import { addDays } from "./range";
import { bands, outcomes } from "@wave/shared";
import { type CsvTable, csvText, type CsvValue } from "../lib/csv";

// The dashboard's tables as CSV. Suppressed cells are exported as the words
// "fewer than N", never as a number or an empty cell.

export function overviewCsv(overview: Overview): CsvTable {
  const t = overview.threshold;
  return {
    header: ["week_start", "active_clients", "episodes", "mean_intensity", "clients_mild", "clients_moderate", "clients_severe"],
    rows: overview.weeks.map((week) => [
      week.weekStart,
      csvCell(week.activeClients, t),
      csvCell(week.episodes, t),
      csvCell(week.meanIntensity, t),
      csvCell(week.clientsByBand.mild, t),
      csvCell(week.clientsByBand.moderate, t),
      csvCell(week.clientsByBand.severe, t),
    ]),
  };
}

export function effectivenessCsv(effectiveness: Effectiveness): CsvTable {
  const t = effectiveness.threshold;
  return {
    header: [
      "intervention_kind",
      "interventions",
      "clients",
      ...outcomes.map((outcome) => `outcome_${outcome}`),
      "clients_with_enough_data",
      "mean_change",
      "ci95_low",
      "ci95_high",
    ],
    rows: effectiveness.kinds.map((row) => [
      row.kind,
      csvCell(row.interventions, t),
      csvCell(row.clients, t),
      ...outcomes.map((outcome) => csvCell(row.outcomes[outcome], t)),
      csvCell(row.clientsWithEnoughData, t),
      csvCell(row.meanChange, t),
      csvCell(row.ciLow, t),
      csvCell(row.ciHigh, t),
    ]),
  };
}

export function courseCsv(course: Course): CsvTable {
  const t = course.threshold;
  return {
    header: ["week_postpartum", "initial_band", "observed_clients", "mean_intensity", "share_with_episodes"],
    rows: course.cells.map((cell) => [
      cell.week,
      cell.band,
      csvCell(cell.observedClients, t),
      csvCell(cell.meanIntensity, t),
      csvCell(cell.shareWithEpisodes, t),
    ]),
  };
}

function consultantLabel(row: WorkloadRow): string {
  return row.deactivated ? `${row.consultantName} (deactivated)` : row.consultantName;
}

export function workloadCsv(workload: Workload): CsvTable {
  const t = workload.threshold;
  return {
    header: ["consultant", "status", "active_clients", "flagged_clients", "overdue_follow_ups", "episodes_30d"],
    rows: workload.rows.map((row) => [
      csvText(row.consultantName),
      row.deactivated ? "deactivated" : "active",
      csvCell(row.activeClients, t),
      csvCell(row.flaggedClients, t),
      csvCell(row.overdueFollowUps, t),
      csvCell(row.episodes30d, t),
    ]),
  };
}

export function drillDownCsv(clients: readonly DrillDownClient[]): CsvTable {
  return {
    header: ["client_id", "client", "consultant"],
    rows: clients.map((client) => [client.clientId, csvText(client.displayName), csvText(client.consultantName)]),
  };
}

export interface PracticeReportInput {
  from: string;
  to: string;
  /** The consultant filter's name, or null for the whole practice. */
  consultantName: string | null;
  /** The export date: workload is a snapshot as of this day. */
  today: string;
  overview: Overview;
  effectiveness: Effectiveness;
  workload: Workload;
}

export const PRACTICE_REPORT_HEADER = ["section", "from", "to", "consultant", "week_start", "group", "measure", "value"] as const;

/**
 * The practice report as one CSV in long form: one number per row, named by
 * section (overview, flags, effectiveness, workload), the dates it covers,
 * the consultant filter, the week or group, and the measure. Workload ignores
 * the range: it is a snapshot as of the export date (episodes: the 30 days up
 * to it).
 */
export function practiceReportCsv(input: PracticeReportInput): CsvTable {
  const { from, to, today, overview, effectiveness, workload } = input;
  const consultant = csvText(input.consultantName ?? "All consultants");
  const rows: CsvValue[][] = [];
  const t = overview.threshold;
  for (const week of overview.weeks) {
    const add = (measure: string, value: number | string) => rows.push(["overview", from, to, consultant, week.weekStart, "", measure, value]);
    add("active_clients", csvCell(week.activeClients, t));
    add("episodes", csvCell(week.episodes, t));
    add("mean_intensity", csvCell(week.meanIntensity, t));
    for (const band of bands) add(`clients_${band}`, csvCell(week.clientsByBand[band], t));
    add("new_clients", csvCell(week.newClients, t));
    add("discharges", csvCell(week.discharges, t));
  }
  rows.push(["overview", from, to, consultant, "", "", "new_clients", csvCell(overview.newClients, t)]);
  rows.push(["overview", from, to, consultant, "", "", "discharges", csvCell(overview.discharges, t)]);
  for (const [flag, cell] of Object.entries(overview.flags)) {
    rows.push(["flags", today, today, consultant, "", flag, "clients_flagged", csvCell(cell, t)]);
  }
  const e = effectiveness.threshold;
  for (const row of effectiveness.kinds) {
    const add = (measure: string, value: number | string) => rows.push(["effectiveness", from, to, consultant, "", row.kind, measure, value]);
    add("interventions", csvCell(row.interventions, e));
    add("clients", csvCell(row.clients, e));
    for (const outcome of outcomes) add(`outcome_${outcome}`, csvCell(row.outcomes[outcome], e));
    add("clients_with_enough_data", csvCell(row.clientsWithEnoughData, e));
    add("mean_change", csvCell(row.meanChange, e));
    add("ci95_low", csvCell(row.ciLow, e));
    add("ci95_high", csvCell(row.ciHigh, e));
  }
  const w = workload.threshold;
  const monthAgo = addDays(today, -29);
  for (const row of workload.rows) {
    const group = csvText(consultantLabel(row));
    rows.push(["workload", today, today, "", "", group, "active_clients", csvCell(row.activeClients, w)]);
    rows.push(["workload", today, today, "", "", group, "flagged_clients", csvCell(row.flaggedClients, w)]);
    rows.push(["workload", today, today, "", "", group, "overdue_follow_ups", csvCell(row.overdueFollowUps, w)]);
    rows.push(["workload", monthAgo, today, "", "", group, "episodes_30d", csvCell(row.episodes30d, w)]);
  }
  return { header: PRACTICE_REPORT_HEADER, rows };
}

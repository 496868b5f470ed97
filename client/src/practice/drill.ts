import type { Cell } from "@wave/shared";
import {
  BAND_LABELS,
  FLAG_LABELS,
  KIND_LABELS,
  OUTCOME_LABELS,
  OVERVIEW_MEASURE_LABELS,
  WORKLOAD_MEASURE_LABELS,
} from "./practice-labels";
import type { Band, DrillDownInput, Flag, InterventionKind, Outcome, OverviewMeasure, WorkloadMeasure } from "./practice-types";
import { formatDay, type PracticeParams } from "./range";

// The analytics.drillDown descriptor for each number on the dashboard: the
// same parameters the aggregate was computed with, so the list is exactly
// the clients behind the number. A suppressed cell has no descriptor.

export interface Drill {
  input: DrillDownInput;
  /** What the list is, in words: the dialog's title. */
  title: string;
}

function scope(params: Pick<PracticeParams, "consultantId">) {
  return params.consultantId ? { consultantId: params.consultantId } : {};
}

export function overviewDrill(params: PracticeParams, weekStart: string, measure: OverviewMeasure, cell: Cell): Drill | null {
  if (cell.suppressed) return null;
  return {
    input: { cell: "overview", from: params.from, to: params.to, ...scope(params), weekStart, measure },
    title: `${OVERVIEW_MEASURE_LABELS[measure]}, week of ${formatDay(weekStart)}`,
  };
}

export function flagDrill(params: PracticeParams, flag: Flag, cell: Cell): Drill | null {
  if (cell.suppressed) return null;
  return { input: { cell: "flag", flag, ...scope(params) }, title: `Clients flagged: ${FLAG_LABELS[flag]}` };
}

export function effectivenessDrill(params: PracticeParams, kind: InterventionKind, cell: Cell, outcome?: Outcome): Drill | null {
  if (cell.suppressed) return null;
  return {
    input: { cell: "effectiveness", from: params.from, to: params.to, kind, ...scope(params), ...(outcome ? { outcome } : {}) },
    title: outcome
      ? `${KIND_LABELS[kind]}: clients whose latest outcome is "${OUTCOME_LABELS[outcome].toLowerCase()}"`
      : `${KIND_LABELS[kind]}: clients with an intervention started in the range`,
  };
}

export function courseDrill(params: PracticeParams, week: number, band: Band, cell: Cell): Drill | null {
  if (cell.suppressed) return null;
  return {
    input: { cell: "course", week, band, ...scope(params) },
    title: `Clients observed in week ${week} postpartum, initial band ${BAND_LABELS[band].toLowerCase()}`,
  };
}

export function workloadDrill(consultantId: string, consultantName: string, measure: WorkloadMeasure, cell: Cell): Drill | null {
  if (cell.suppressed) return null;
  return {
    input: { cell: "workload", consultantId, measure },
    title: `${consultantName}: ${WORKLOAD_MEASURE_LABELS[measure].toLowerCase()}`,
  };
}

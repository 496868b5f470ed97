import type { Cell } from "@wave/shared";
import { OVERVIEW_MEASURE_LABELS, WORKLOAD_MEASURE_LABELS } from "./practice-labels";
import type { Band, DrillDownInput, Flag, InterventionKind, Outcome, OverviewMeasure, WorkloadMeasure } from "./practice-types";
import { type PracticeParams } from "./range";
import { formatDay } from "../lib/dates";
import { bandLabels, flagLabels, interventionKindLabels, outcomeLabels } from "../lib/labels";

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
  return { input: { cell: "flag", flag, ...scope(params) }, title: `Clients flagged: ${flagLabels[flag]}` };
}

export function effectivenessDrill(params: PracticeParams, kind: InterventionKind, cell: Cell, outcome?: Outcome): Drill | null {
  if (cell.suppressed) return null;
  return {
    input: { cell: "effectiveness", from: params.from, to: params.to, kind, ...scope(params), ...(outcome ? { outcome } : {}) },
    title: outcome
      ? `${interventionKindLabels.short[kind]}: clients whose latest outcome is "${outcomeLabels.short[outcome].toLowerCase()}"`
      : `${interventionKindLabels.short[kind]}: clients with an intervention started in the range`,
  };
}

export function courseDrill(params: PracticeParams, week: number, band: Band, cell: Cell): Drill | null {
  if (cell.suppressed) return null;
  return {
    input: { cell: "course", week, band, ...scope(params) },
    title: `Clients observed in week ${week} postpartum, initial band ${bandLabels.long[band].toLowerCase()}`,
  };
}

export function workloadDrill(consultantId: string, consultantName: string, measure: WorkloadMeasure, cell: Cell): Drill | null {
  if (cell.suppressed) return null;
  return {
    input: { cell: "workload", consultantId, measure },
    title: `${consultantName}: ${WORKLOAD_MEASURE_LABELS[measure].toLowerCase()}`,
  };
}

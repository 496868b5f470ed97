import type { RouterInputs, RouterOutputs } from "../app/trpc";

// The lead's aggregates as the server's router types them; nothing re-declared.

export type Overview = RouterOutputs["analytics"]["practiceOverview"];
export type OverviewWeek = Overview["weeks"][number];
export type Effectiveness = RouterOutputs["analytics"]["interventionEffectiveness"];
export type EffectivenessKind = Effectiveness["kinds"][number];
export type Course = RouterOutputs["analytics"]["courseByPostpartumWeek"];
export type CourseCell = Course["cells"][number];
export type Workload = RouterOutputs["analytics"]["consultantWorkload"];
export type WorkloadRow = Workload["rows"][number];
export type DrillDownInput = RouterInputs["analytics"]["drillDown"];
export type DrillDownClient = RouterOutputs["analytics"]["drillDown"]["clients"][number];
export type Staff = RouterOutputs["users"]["list"];
export type StaffMember = Staff[number];

export type Band = CourseCell["band"];
export type InterventionKind = EffectivenessKind["kind"];
export type Outcome = keyof EffectivenessKind["outcomes"];
export type Flag = keyof Overview["flags"];
export type OverviewMeasure = Extract<DrillDownInput, { cell: "overview" }>["measure"];
export type WorkloadMeasure = Extract<DrillDownInput, { cell: "workload" }>["measure"];

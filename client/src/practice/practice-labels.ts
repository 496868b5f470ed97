import type { OverviewMeasure, WorkloadMeasure } from "./practice-types";

// The dashboard's own measures in words (wire values' words live in lib/labels.ts).

export const OVERVIEW_MEASURE_LABELS: Record<OverviewMeasure, string> = {
  activeClients: "Active clients",
  episodes: "Episodes",
  mild: "Clients in the mild band",
  moderate: "Clients in the moderate band",
  severe: "Clients in the severe band",
  newClients: "New clients",
  discharges: "Discharges",
};

export const WORKLOAD_MEASURE_LABELS: Record<WorkloadMeasure, string> = {
  activeClients: "Active clients",
  flaggedClients: "Flagged clients",
  overdueFollowUps: "Overdue follow-ups",
  episodes30d: "Episodes, last 30 days",
};

import type { Band, Flag, InterventionKind, Outcome, OverviewMeasure, WorkloadMeasure } from "./practice-types";

// Short words for the lead's charts and tables (axis labels must stay short).

export const BANDS: readonly Band[] = ["mild", "moderate", "severe"];
export const BAND_LABELS: Record<Band, string> = { mild: "Mild (1-3)", moderate: "Moderate (4-6)", severe: "Severe (7-10)" };

export const KIND_LABELS: Record<InterventionKind, string> = {
  education: "Education",
  grounding: "Grounding",
  lifestyle: "Lifestyle",
  peer_support: "Peer support",
  therapist_referral: "Therapist referral",
  prescriber_referral: "Prescriber referral",
  weaning_support: "Weaning support",
  flange_fitting: "Pump / flange fitting",
  other: "Other",
};

export const OUTCOMES: readonly Outcome[] = ["resolved", "improved", "no_change", "worse", "stopped"];
export const OUTCOME_LABELS: Record<Outcome, string> = {
  resolved: "Resolved",
  improved: "Improved",
  no_change: "No change",
  worse: "Worse",
  stopped: "Stopped",
};

export const FLAG_LABELS: Record<Flag, string> = {
  self_harm: "Self-harm: same-day follow-up",
  epds_high: "EPDS 13 or more",
  considering_weaning: "Considering weaning",
  follow_up_overdue: "Follow-up overdue",
  worsening: "Worsening",
};

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

import type { ClientRecord, EpisodeRecord, InterventionKind, OutcomeRecord, ScreeningRecord } from "./review-types";

// Wire values (CONTRACT.md) in the words a consultant uses. Kept in one place
// so the chart, the tables and the print brief never disagree.

type Context = NonNullable<EpisodeRecord["context"]>;
type LetDown = EpisodeRecord["letDown"];
type Impact = NonNullable<EpisodeRecord["impact"]>;
type DysphoriaType = EpisodeRecord["types"][number];
type FeedingMethod = ClientRecord["feedingMethod"];
type Outcome = OutcomeRecord["outcome"];
type Interpretation = ScreeningRecord["interpretation"];

export const CONTEXT_LABELS: Record<Context, string> = {
  nursing: "Nursing",
  pumping: "Pumping",
  spontaneous: "Spontaneous",
};

export const LET_DOWN_LABELS: Record<LetDown, string> = {
  first: "First",
  later: "Later",
  unknown: "Not known",
};

export const IMPACT_LABELS: Record<Impact, string> = {
  none: "None",
  fed_less: "Fed less or ended early",
  avoiding_feeds: "Avoiding feeds",
  considering_weaning: "Considering weaning",
};

/** Sorting by impact follows how much it disrupts feeding, not the alphabet. */
export const IMPACT_RANK: Record<Impact, number> = { none: 0, fed_less: 1, avoiding_feeds: 2, considering_weaning: 3 };

export const TYPE_LABELS: Record<DysphoriaType, string> = {
  despondency: "Despondency",
  anxiety: "Anxiety",
  anger: "Anger",
};

export const FEEDING_METHOD_LABELS: Record<FeedingMethod, string> = {
  nursing: "Nursing",
  pumping: "Pumping",
  both: "Nursing and pumping",
};

export const INTERVENTION_KIND_LABELS: Record<InterventionKind, string> = {
  education: "Education",
  grounding: "Grounding",
  lifestyle: "Lifestyle",
  peer_support: "Peer support",
  therapist_referral: "Therapist referral",
  prescriber_referral: "Prescriber referral",
  weaning_support: "Weaning support",
  flange_fitting: "Flange fitting",
  other: "Other",
};

export const OUTCOME_LABELS: Record<Outcome, string> = {
  resolved: "Resolved",
  improved: "Improved",
  no_change: "No change",
  worse: "Worse",
  stopped: "Stopped by the client",
};

/** EPDS interpretation in words (DOMAIN.md): item 10 above 0 outranks any total. */
export const EPDS_INTERPRETATION_LABELS: Record<Interpretation, string> = {
  self_harm_risk: "Item 10 above 0: same-day follow-up required",
  probable_depression: "13 or more: probable depression, refer for assessment",
  possible_depression: "10-12: possible depression",
  below_threshold: "Below 10",
};

/** DOMAIN.md: most episodes pass within 1-5 minutes; a longer one is worth a second look. */
export const ATYPICAL_DURATION_SECONDS = 5 * 60;

/** "45 s", "3 min", "2 min 30 s", "1 h 5 min". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) {
    const minutes = Math.floor(seconds / 60);
    const rest = seconds % 60;
    return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
  }
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.round((seconds % 3600) / 60);
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/** A signed change in mean intensity, with a real minus sign: "+1.2", "−0.8", "0.0". */
export function formatChange(change: number): string {
  const rounded = Math.round(change * 10) / 10;
  if (rounded === 0) return "0.0";
  return rounded > 0 ? `+${rounded.toFixed(1)}` : `\u2212${Math.abs(rounded).toFixed(1)}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

import type {
  Band,
  DysphoriaType,
  EpdsInterpretation,
  EpisodeContext,
  FeedingMethod,
  Flag,
  Impact,
  InterventionKind,
  LetDown,
  Outcome,
  Role,
  Trend,
} from "@wave/shared";

// The words for every wire value (CONTRACT.md), one table per value. Where a
// page needs a shorter form (a table cell, a chart axis) the table says so:
// `.long` is what a form offers, `.short` what a dense view shows. Nothing in
// the client declares these words anywhere else, so pages cannot drift apart.

/** A wire value's words in two lengths. */
interface LongAndShort<Value extends string> {
  long: Record<Value, string>;
  short: Record<Value, string>;
}

export const roleLabels = { consultant: "Consultant", lead: "Practice lead" } satisfies Record<Role, string>;

/** Severity bands: `.long` carries the intensity range (DOMAIN.md) for charts and legends. */
export const bandLabels = {
  long: { mild: "Mild (1-3)", moderate: "Moderate (4-6)", severe: "Severe (7-10)" },
  short: { mild: "Mild", moderate: "Moderate", severe: "Severe" },
} satisfies LongAndShort<Band>;

export const trendLabels = {
  improving: "Improving",
  stable: "Stable",
  worsening: "Worsening",
  insufficient_data: "Not enough data",
} satisfies Record<Trend, string>;

export const flagLabels = {
  self_harm: "Self-harm: same-day follow-up",
  epds_high: "EPDS ≥ 13",
  considering_weaning: "Considering weaning",
  follow_up_overdue: "Follow-up overdue",
  worsening: "Worsening",
} satisfies Record<Flag, string>;

export const dysphoriaTypeLabels = {
  despondency: "Despondency",
  anxiety: "Anxiety",
  anger: "Anger",
} satisfies Record<DysphoriaType, string>;

export const contextLabels = {
  long: { nursing: "Nursing", pumping: "Pumping", spontaneous: "Spontaneous let-down" },
  short: { nursing: "Nursing", pumping: "Pumping", spontaneous: "Spontaneous" },
} satisfies LongAndShort<EpisodeContext>;

export const letDownLabels = {
  long: { first: "First let-down of the feed", later: "A later let-down", unknown: "Not sure" },
  short: { first: "First", later: "Later", unknown: "Not known" },
} satisfies LongAndShort<LetDown>;

export const impactLabels = {
  long: {
    none: "None",
    fed_less: "Fed less or ended the feed early",
    avoiding_feeds: "Avoiding feeds",
    considering_weaning: "Considering weaning",
  },
  short: { none: "None", fed_less: "Fed less or ended early", avoiding_feeds: "Avoiding feeds", considering_weaning: "Considering weaning" },
} satisfies LongAndShort<Impact>;

export const feedingMethodLabels = {
  nursing: "Nursing",
  pumping: "Pumping",
  both: "Nursing and pumping",
} satisfies Record<FeedingMethod, string>;

export const interventionKindLabels = {
  long: {
    education: "Education / awareness",
    grounding: "Grounding / coping",
    lifestyle: "Lifestyle",
    peer_support: "Peer support",
    therapist_referral: "Referral to a therapist",
    prescriber_referral: "Referral to a prescriber",
    weaning_support: "Weaning support",
    flange_fitting: "Pump / flange fitting",
    other: "Other",
  },
  short: {
    education: "Education",
    grounding: "Grounding",
    lifestyle: "Lifestyle",
    peer_support: "Peer support",
    therapist_referral: "Therapist referral",
    prescriber_referral: "Prescriber referral",
    weaning_support: "Weaning support",
    flange_fitting: "Flange fitting",
    other: "Other",
  },
} satisfies LongAndShort<InterventionKind>;

export const outcomeLabels = {
  long: { resolved: "Resolved", improved: "Improved", no_change: "No change", worse: "Worse", stopped: "Stopped by the client" },
  short: { resolved: "Resolved", improved: "Improved", no_change: "No change", worse: "Worse", stopped: "Stopped" },
} satisfies LongAndShort<Outcome>;

/** EPDS interpretation (DOMAIN.md): item 10 above 0 outranks any total. `.long` advises, `.short` names the rule. */
export const epdsInterpretationLabels = {
  long: {
    self_harm_risk: "Thoughts of self-harm reported: same-day follow-up required, whatever the total",
    probable_depression: "Probable depression (13 or more): refer for assessment",
    possible_depression: "Possible depression (10 to 12): consider referral and screen again",
    below_threshold: "Below the screening thresholds (under 10)",
  },
  short: {
    self_harm_risk: "Item 10 above 0: same-day follow-up required",
    probable_depression: "13 or more: probable depression, refer for assessment",
    possible_depression: "10-12: possible depression",
    below_threshold: "Below 10",
  },
} satisfies LongAndShort<EpdsInterpretation>;

/** Sorting by impact follows how much it disrupts feeding, not the alphabet. */
export const impactRank = { none: 0, fed_less: 1, avoiding_feeds: 2, considering_weaning: 3 } satisfies Record<Impact, number>;

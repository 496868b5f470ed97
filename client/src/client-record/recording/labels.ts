import type {
  DysphoriaType,
  EpdsInterpretation,
  EpisodeContext,
  FeedingMethod,
  FollowUpContact,
  FollowUpOutcome,
  Impact,
  InterventionKind,
  LetDown,
  Outcome,
} from "@wave/shared";

// Plain words for the wire values (CONTRACT.md), in the order forms list them.

export const DYSPHORIA_TYPE_OPTIONS: { value: DysphoriaType; label: string; description: string }[] = [
  {
    value: "despondency",
    label: "Despondency",
    description: "Sadness, wistfulness, homesickness, hopelessness, a hollow or “pit in the stomach” feeling",
  },
  { value: "anxiety", label: "Anxiety", description: "Anxiety, dread, panic, irritability" },
  { value: "anger", label: "Anger", description: "Agitation, tension, anger, paranoia" },
];

export const CONTEXT_LABELS: Record<EpisodeContext, string> = {
  nursing: "Nursing",
  pumping: "Pumping",
  spontaneous: "Spontaneous let-down",
};

export const LET_DOWN_LABELS: Record<LetDown, string> = {
  first: "First let-down of the feed",
  later: "A later let-down",
  unknown: "Not sure",
};

export const IMPACT_LABELS: Record<Impact, string> = {
  none: "None",
  fed_less: "Fed less or ended the feed early",
  avoiding_feeds: "Avoiding feeds",
  considering_weaning: "Considering weaning",
};

export const FEEDING_METHOD_LABELS: Record<FeedingMethod, string> = {
  nursing: "Nursing",
  pumping: "Pumping",
  both: "Both nursing and pumping",
};

export const INTERVENTION_KIND_OPTIONS: { value: InterventionKind; label: string; examples: string }[] = [
  { value: "education", label: "Education / awareness", examples: "Naming DMER; “this is my body, not my fault”. The first step for every band." },
  {
    value: "grounding",
    label: "Grounding / coping",
    examples: "Deep breathing, hand on heart, naming five things in the room, distraction, focusing on the baby.",
  },
  {
    value: "lifestyle",
    label: "Lifestyle",
    examples: "Noting triggers (stress, dehydration, caffeine) and relievers (rest, hydration, exercise); a log.",
  },
  { value: "peer_support", label: "Peer support", examples: "A friend, a support group, another parent who has had DMER." },
  { value: "therapist_referral", label: "Referral to a therapist", examples: "A perinatal mental-health therapist." },
  {
    value: "prescriber_referral",
    label: "Referral to a prescriber",
    examples: "A provider who can discuss medication that affects dopamine (severe DMER).",
  },
  { value: "weaning_support", label: "Weaning support", examples: "The client chooses to wean, with your help." },
  { value: "flange_fitting", label: "Pump / flange fitting", examples: "Correct flange size and pump settings for clients who pump." },
  { value: "other", label: "Other", examples: "Describe it in Details." },
];

export const INTERVENTION_KIND_LABELS = Object.fromEntries(
  INTERVENTION_KIND_OPTIONS.map((option) => [option.value, option.label]),
) as Record<InterventionKind, string>;

export const OUTCOME_OPTIONS: { value: Outcome; label: string; description?: string }[] = [
  { value: "resolved", label: "Resolved" },
  { value: "improved", label: "Improved" },
  { value: "no_change", label: "No change" },
  { value: "worse", label: "Worse" },
  { value: "stopped", label: "Stopped", description: "The client stopped the intervention" },
];

export const EPDS_INTERPRETATION_LABELS: Record<EpdsInterpretation, string> = {
  self_harm_risk: "Thoughts of self-harm reported: same-day follow-up required, whatever the total",
  probable_depression: "Probable depression (13 or more): refer for assessment",
  possible_depression: "Possible depression (10 to 12): consider referral and screen again",
  below_threshold: "Below the screening thresholds (under 10)",
};

export function yesNo(value: boolean): string {
  return value ? "Yes" : "No";
}

/** How a reached client was contacted, as the Complete follow-up form offers it. */
export const REACHED_CONTACT_OPTIONS: { value: FollowUpContact; label: string }[] = [
  { value: "phone", label: "Phone call" },
  { value: "video", label: "Video call" },
  { value: "in_person", label: "In person" },
  { value: "message", label: "Messages (they replied)" },
];

/** An attempt that did not reach the client: no answer (a call) or a message left. */
export const NOT_REACHED_CONTACT_OPTIONS: { value: FollowUpContact; label: string }[] = [
  { value: "phone", label: "Called: no answer" },
  { value: "message", label: "Left a message" },
];

const REACHED_WORDS: Record<FollowUpContact, string> = {
  phone: "Reached by phone",
  video: "Reached by video call",
  in_person: "Reached in person",
  message: "Reached by message",
};

const NOT_REACHED_WORDS: Record<FollowUpContact, string> = {
  phone: "Tried to reach: no answer",
  video: "Tried to reach by video: no answer",
  in_person: "Tried to reach in person: not there",
  message: "Tried to reach: message left",
};

/**
 * A completed follow-up in a few words, the same in the form's confirmation
 * and the review page's timeline. Follow-ups recorded before outcomes existed
 * have none.
 */
export function followUpOutcomeWords(outcome: FollowUpOutcome | null, contact: FollowUpContact | null): string {
  if (outcome === "reached") return contact ? REACHED_WORDS[contact] : "Reached";
  if (outcome === "not_reached") return contact ? NOT_REACHED_WORDS[contact] : "Tried to reach: not reached";
  return "Follow-up completed";
}

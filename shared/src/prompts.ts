import { EPDS_POSSIBLE_DEPRESSION } from "./epds.js";

// Prompts that help tell DMER apart from what it is not (DOMAIN.md, "Telling
// it apart"). Each is shown calmly beside the data with its reason; none is a
// diagnosis.

/** DMER lifts within minutes; DOMAIN.md calls an episode over 5 minutes atypical. */
export const ATYPICAL_EPISODE_SECONDS = 5 * 60;
export const PROMPT_WINDOW_DAYS = 30;

export type DifferentialPromptKind = "low_mood_between_feeds" | "aversion_whole_latch";

export interface DifferentialPrompt {
  kind: DifferentialPromptKind;
  message: string;
  reason: string;
}

export interface DifferentialFacts {
  /** The latest EPDS total, if any. */
  latestEpdsTotal: number | null;
  /** Durations in seconds of the episodes of the last PROMPT_WINDOW_DAYS days (null when not recorded). */
  recentDurations: readonly (number | null)[];
}

export const PROMPT_MESSAGES: Record<DifferentialPromptKind, string> = {
  low_mood_between_feeds:
    "Low mood that lasts between feeds is not DMER: consider screening for postpartum depression or anxiety.",
  aversion_whole_latch:
    "An aversion that lasts the whole latch may be breastfeeding aversion response (BAR) rather than DMER.",
};

export function differentialPrompts(facts: DifferentialFacts): DifferentialPrompt[] {
  const prompts: DifferentialPrompt[] = [];
  if (facts.latestEpdsTotal !== null && facts.latestEpdsTotal >= EPDS_POSSIBLE_DEPRESSION) {
    prompts.push({
      kind: "low_mood_between_feeds",
      message: PROMPT_MESSAGES.low_mood_between_feeds,
      reason: `Latest EPDS total ${facts.latestEpdsTotal} (${EPDS_POSSIBLE_DEPRESSION} or more)`,
    });
  }
  const long = facts.recentDurations.filter((seconds) => seconds !== null && seconds > ATYPICAL_EPISODE_SECONDS).length;
  if (long > 0) {
    prompts.push({
      kind: "aversion_whole_latch",
      message: PROMPT_MESSAGES.aversion_whole_latch,
      reason: `${long} episode${long === 1 ? "" : "s"} in the last ${PROMPT_WINDOW_DAYS} days lasted more than 5 minutes`,
    });
  }
  return prompts;
}

import {
  clientWordsForTypes,
  dysphoriaTypes,
  SelfReportEpisode,
  type DysphoriaType,
  type EpisodeContext,
  type Impact,
  type SelfReportEpisodeInput,
} from "@wave/shared";
import { localDateTimeToIso } from "../ui/form/date-inputs";
import { checkWith, type Checked } from "../ui/form/check";

// The client's short form, in their words, and how it maps onto the shared
// SelfReportEpisode schema: the time, the intensity and the self-harm answer
// are required; anything skipped is left out, never guessed.

export type DurationChoice = "under_1" | "1_to_2" | "2_to_5" | "longer";
export type LetDownChoice = "first" | "later";

export interface EpisodeDraft {
  /** "now": the instant the client tapped "It's happening now"; "earlier": typed into the form. */
  when: "now" | "earlier";
  /** The tapped instant (ISO), for "now". */
  tappedAt: string;
  /** The datetime-local value, for "earlier". */
  earlierLocal: string;
  intensity: number | null;
  types: DysphoriaType[];
  context: EpisodeContext | null;
  letDown: LetDownChoice | null;
  duration: DurationChoice | null;
  impact: Impact | null;
  /** No default: "not answered" must never look like "no" (DOMAIN.md). */
  selfHarmThoughts: boolean | null;
  notes: string;
}

export function newDraft(when: EpisodeDraft["when"], now: Date): EpisodeDraft {
  return {
    when,
    tappedAt: now.toISOString(),
    earlierLocal: "",
    intensity: null,
    types: [],
    context: null,
    letDown: null,
    duration: null,
    impact: null,
    selfHarmThoughts: null,
    notes: "",
  };
}

export const FEELING_OPTIONS = dysphoriaTypes.map((type) => ({ value: type, label: clientWordsForTypes[type] }));

export const CONTEXT_OPTIONS: { value: EpisodeContext; label: string }[] = [
  { value: "nursing", label: "Nursing" },
  { value: "pumping", label: "Pumping" },
  { value: "spontaneous", label: "Neither" },
];

export const LET_DOWN_OPTIONS: { value: LetDownChoice; label: string }[] = [
  { value: "first", label: "The first let-down" },
  { value: "later", label: "A later one" },
];

/** Roughly how long: the middle of each band, as whole seconds. */
export const DURATION_OPTIONS: { value: DurationChoice; label: string; seconds: number }[] = [
  { value: "under_1", label: "Under a minute", seconds: 30 },
  { value: "1_to_2", label: "1 to 2 minutes", seconds: 90 },
  { value: "2_to_5", label: "2 to 5 minutes", seconds: 180 },
  { value: "longer", label: "Longer", seconds: 600 },
];

export const IMPACT_OPTIONS: { value: Impact; label: string }[] = [
  { value: "none", label: "No, the feed went on as usual" },
  { value: "fed_less", label: "I fed less or stopped early" },
  { value: "avoiding_feeds", label: "I'm putting off feeds" },
  { value: "considering_weaning", label: "I'm thinking of stopping" },
];

export const NOTES_MAX = 2000;

/**
 * The episode as it will be sent: only what the client answered. The two
 * required answers stay null when unanswered, so the schema refuses them
 * beside their fields rather than anything being assumed.
 */
export function episodeCandidate(draft: EpisodeDraft, id: string) {
  const occurredAt = draft.when === "now" ? draft.tappedAt : localDateTimeToIso(draft.earlierLocal);
  const notes = draft.notes.trim();
  const seconds = DURATION_OPTIONS.find((option) => option.value === draft.duration)?.seconds;
  return {
    id,
    occurredAt,
    intensity: draft.intensity,
    selfHarmThoughts: draft.selfHarmThoughts,
    ...(draft.types.length > 0 ? { types: [...draft.types] } : {}),
    ...(draft.context ? { context: draft.context } : {}),
    ...(draft.letDown ? { letDown: draft.letDown } : {}),
    ...(seconds !== undefined ? { durationSeconds: seconds } : {}),
    ...(draft.impact ? { impact: draft.impact } : {}),
    ...(notes !== "" ? { notes } : {}),
  };
}

/**
 * Checked by the shared schema, whose words for a required answer left empty
 * are the client's own. What was checked is what is queued and sent (strings,
 * as on the wire), not the parsed Dates.
 */
export function checkEpisode(draft: EpisodeDraft, id: string): Checked<SelfReportEpisodeInput> {
  const candidate = episodeCandidate(draft, id);
  const checked = checkWith(SelfReportEpisode, candidate);
  return checked.ok ? { ok: true, input: candidate as SelfReportEpisodeInput } : checked;
}

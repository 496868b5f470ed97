import { missingEpisodeDetails, type Episode, type SkippableEpisodeField } from "@wave/shared";

// A client's own report (through a self-report link) may leave details out.
// A consultant correcting it sees which, and may leave them out too: Wave
// never asks them to invent what the client did not say.

/** The details the client left out, in the form's order; empty for a complete episode. */
export function skippedFields(episode: Pick<Episode, SkippableEpisodeField>): SkippableEpisodeField[] {
  return missingEpisodeDetails(episode).map(({ field }) => field);
}

const SKIPPED_WORDS: Record<SkippableEpisodeField, string> = {
  types: "what they felt",
  context: "the context",
  durationSeconds: "the duration",
  impact: "the impact on feeding",
  ratedAfterEducation: "whether it was rated after learning about DMER",
};

/** What the client left out, in words; empty for a complete episode. */
export function skippedDetails(episode: Pick<Episode, SkippableEpisodeField>): string[] {
  return skippedFields(episode).map((field) => SKIPPED_WORDS[field]);
}

/**
 * The empty details a save must refuse, as [field, message] for the form:
 * all of them on a consultant's episode (as the server does), only those the
 * client did give on theirs (an answer they gave is corrected, not erased).
 */
export function detailsToDemand(
  stored: Pick<Episode, "source" | SkippableEpisodeField>,
  draft: Pick<Episode, SkippableEpisodeField>,
): [SkippableEpisodeField, string][] {
  const mayStayEmpty = new Set(stored.source === "client" ? skippedFields(stored) : []);
  return missingEpisodeDetails(draft)
    .filter(({ field }) => !mayStayEmpty.has(field))
    .map(({ field, message }) => [field, message]);
}

/** "a, b and c". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1] ?? ""}`;
}

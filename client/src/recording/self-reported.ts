import type { Episode } from "@wave/shared";

// A client's own report (through a self-report link) may leave details out:
// a consultant correcting it sees which, instead of being surprised by errors.

/** What the client left out, in the form's words and order; empty for a complete episode. */
export function skippedDetails(
  episode: Pick<Episode, "types" | "context" | "durationSeconds" | "impact" | "ratedAfterEducation">,
): string[] {
  return [
    episode.types.length === 0 ? "what they felt" : null,
    episode.context === null ? "the context" : null,
    episode.durationSeconds === null ? "the duration" : null,
    episode.impact === null ? "the impact on feeding" : null,
    episode.ratedAfterEducation === null ? "whether it was rated after learning about DMER" : null,
  ].filter((item): item is string => item !== null);
}

/** "a, b and c". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1] ?? ""}`;
}

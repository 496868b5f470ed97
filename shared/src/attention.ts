import type { Flag } from "./enums.js";

export interface AttentionFacts {
  flags: readonly Flag[];
  lastEpisodeAt: string | null;
  displayName: string;
}

// "Needs attention" order: self-harm, EPDS >= 13, worsening, overdue, weaning.
const FLAG_PRIORITY: readonly Flag[] = ["self_harm", "epds_high", "worsening", "follow_up_overdue", "considering_weaning"];

function attentionKey(facts: AttentionFacts): number[] {
  return FLAG_PRIORITY.map((flag) => (facts.flags.includes(flag) ? 0 : 1));
}

const lowerAscii = (text: string) => text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Names in the order the caseload's SQL sorts them (ASCII letters folded by translate(), then collate "C"):
 * ASCII letters without regard to case, everything else by code, the same
 * on every server whatever its locale. Exact ties fall back to the name as written.
 */
export function compareNames(a: string, b: string): number {
  return byCodeUnit(lowerAscii(a), lowerAscii(b)) || byCodeUnit(a, b);
}

/** Sorts clients so that the one who most needs the consultant comes first. */
export function compareByAttention(a: AttentionFacts, b: AttentionFacts): number {
  const keyA = attentionKey(a);
  const keyB = attentionKey(b);
  for (let i = 0; i < keyA.length; i++) {
    const diff = (keyA[i] ?? 1) - (keyB[i] ?? 1);
    if (diff !== 0) return diff;
  }
  // Then the most recent episode first; clients with none go last.
  const timeA = a.lastEpisodeAt ? Date.parse(a.lastEpisodeAt) : -Infinity;
  const timeB = b.lastEpisodeAt ? Date.parse(b.lastEpisodeAt) : -Infinity;
  if (timeA !== timeB) return timeB - timeA;
  return compareNames(a.displayName, b.displayName);
}

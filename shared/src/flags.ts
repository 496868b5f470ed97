import type { Trend } from "./enums.js";
import { EPDS_PROBABLE_DEPRESSION } from "./epds.js";

/** The facts about one client that flags are derived from. */
export interface FlagFacts {
  /** Latest self-harm report (episode or EPDS item 10 above 0) not yet followed up, if any. */
  unresolvedSelfHarmAt: Date | null;
  latestEpds: { total: number; takenAt: Date } | null;
  consideringWeaning: boolean;
  /** Latest episode in which the client said they were considering weaning. */
  weaningMentionedAt: Date | null;
  /** Earliest open follow-up. */
  nextFollowUpAt: Date | null;
  trend: Trend;
}

import type { FlagDetail } from "./schemas.js";

/**
 * Derives a client's flags. Order matters: it is the order of attention
 * (DOMAIN.md's safety rule puts self-harm above everything).
 */
export function computeFlags(facts: FlagFacts, now: Date): FlagDetail[] {
  const details: FlagDetail[] = [];
  if (facts.unresolvedSelfHarmAt) {
    details.push({
      flag: "self_harm",
      reason: "Thoughts of self-harm reported; same-day follow-up required until a follow-up is recorded",
      since: facts.unresolvedSelfHarmAt.toISOString(),
    });
  }
  if (facts.latestEpds && facts.latestEpds.total >= EPDS_PROBABLE_DEPRESSION) {
    details.push({
      flag: "epds_high",
      reason: `Latest EPDS total ${facts.latestEpds.total} (13 or more: refer for assessment)`,
      since: facts.latestEpds.takenAt.toISOString(),
    });
  }
  if (facts.trend === "worsening") {
    details.push({
      flag: "worsening",
      reason: "Mean intensity over the last 14 days is at least 1 point above the 14 days before",
      since: null,
    });
  }
  if (facts.nextFollowUpAt && facts.nextFollowUpAt.getTime() < now.getTime()) {
    details.push({
      flag: "follow_up_overdue",
      reason: "A scheduled follow-up is past due",
      since: facts.nextFollowUpAt.toISOString(),
    });
  }
  if (facts.consideringWeaning || facts.weaningMentionedAt) {
    details.push({
      flag: "considering_weaning",
      reason: facts.consideringWeaning
        ? "Client is considering weaning"
        : "Client mentioned weaning in a recent episode",
      since: facts.weaningMentionedAt?.toISOString() ?? null,
    });
  }
  return details;
}

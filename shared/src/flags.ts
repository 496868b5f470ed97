import type { AlertRef } from "./alerts.js";
import type { Trend } from "./enums.js";
import { EPDS_PROBABLE_DEPRESSION } from "./epds.js";

/** The facts about one client that flags are derived from. */
export interface FlagFacts {
  /** Open safety alerts (DOMAIN.md's safety rule), oldest raised first. */
  openAlerts: readonly AlertRef[];
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
  const [oldestAlert] = facts.openAlerts;
  if (oldestAlert) {
    const count = facts.openAlerts.length;
    details.push({
      flag: "self_harm",
      reason:
        `Thoughts of self-harm reported${count > 1 ? ` (${count} open reports)` : ""}; ` +
        "same-day follow-up required until a follow-up reaches the client",
      since: oldestAlert.raisedAt,
      alerts: [...facts.openAlerts],
    });
  }
  if (facts.latestEpds && facts.latestEpds.total >= EPDS_PROBABLE_DEPRESSION) {
    details.push({
      flag: "epds_high",
      reason: `Latest EPDS total ${facts.latestEpds.total} (13 or more: refer for assessment)`,
      since: facts.latestEpds.takenAt.toISOString(),
      alerts: [],
    });
  }
  if (facts.trend === "worsening") {
    details.push({
      flag: "worsening",
      reason: "Mean intensity over the last 14 days is at least 1 point above the 14 days before",
      since: null,
      alerts: [],
    });
  }
  if (facts.nextFollowUpAt && facts.nextFollowUpAt.getTime() < now.getTime()) {
    details.push({
      flag: "follow_up_overdue",
      reason: "A scheduled follow-up is past due",
      since: facts.nextFollowUpAt.toISOString(),
      alerts: [],
    });
  }
  if (facts.consideringWeaning || facts.weaningMentionedAt) {
    details.push({
      flag: "considering_weaning",
      reason: facts.consideringWeaning
        ? "Client is considering weaning"
        : "Client mentioned weaning in a recent episode",
      since: facts.weaningMentionedAt?.toISOString() ?? null,
      alerts: [],
    });
  }
  return details;
}

import {
  bandOfMean,
  classifyTrend,
  computeFlags,
  postpartumWeeks,
  type CaseloadRow,
} from "@wave/shared";
import type { ClientSummaryFacts } from "./caseload.repository.js";

/** Turns a client's facts into the caseload row of CONTRACT.md, using the shared clinical rules. */
export function toCaseloadRow(facts: ClientSummaryFacts, now: Date): CaseloadRow {
  const trend = classifyTrend(
    { count: facts.previousCount, mean: facts.previousMean },
    { count: facts.recentCount, mean: facts.recentMean },
  );
  const flagDetails = computeFlags(
    {
      openAlerts: facts.openAlerts,
      latestEpds:
        facts.latestEpdsTotal !== null && facts.latestEpdsAt
          ? { total: facts.latestEpdsTotal, takenAt: facts.latestEpdsAt }
          : null,
      consideringWeaning: facts.consideringWeaning,
      weaningMentionedAt: facts.weaningMentionedAt,
      nextFollowUpAt: facts.nextFollowUpAt,
      trend,
    },
    now,
  );
  return {
    clientId: facts.clientId,
    displayName: facts.displayName,
    consultantId: facts.consultantId,
    consultantName: facts.consultantName,
    awaitingReassignment: facts.consultantDeactivated,
    postpartumWeeks: postpartumWeeks(facts.babyBirthDate, now),
    episodes7d: facts.episodes7d,
    episodes30d: facts.episodes30d,
    meanIntensity30d: facts.meanIntensity30dRounded,
    band: bandOfMean(facts.meanIntensity30d),
    trend,
    lastEpisodeAt: facts.lastEpisodeAt?.toISOString() ?? null,
    nextFollowUpAt: facts.nextFollowUpAt?.toISOString() ?? null,
    flags: flagDetails.map((detail) => detail.flag),
    flagDetails,
  };
}

import type { InterventionKind, Outcome } from "@wave/shared";
import { atDay, careEndDay, clinicTime, dayOf, type ClientContext } from "./context.js";
import { expectedIntensity, keyInterventionDay, type Course } from "./courses.js";
import type { Rng } from "./prng.js";
import { addDays, addMinutes, earliest } from "./time.js";
import type { EpisodeRow, InterventionRow, OutcomeRow } from "./types.js";
import { INTERVENTION_DETAILS, OUTCOME_NOTES, SELF_HARM_REFERRAL_DETAILS } from "./vocabulary.js";

interface SupportiveIntervention {
  kind: InterventionKind;
  odds: Record<Course, number>;
  /** Days after education (or intake) when it is usually tried. */
  afterDays: readonly [number, number];
  pumpingOnly?: boolean;
}

// Tried alongside the course-changing interventions (education, prescriber
// referral, weaning support), which the course itself schedules.
const SUPPORTIVE: readonly SupportiveIntervention[] = [
  { kind: "grounding", odds: { mild: 0.3, moderate: 0.6, severe: 0.7 }, afterDays: [2, 14] },
  { kind: "lifestyle", odds: { mild: 0.25, moderate: 0.4, severe: 0.45 }, afterDays: [3, 21] },
  { kind: "peer_support", odds: { mild: 0.1, moderate: 0.25, severe: 0.45 }, afterDays: [5, 30] },
  { kind: "flange_fitting", odds: { mild: 0.45, moderate: 0.45, severe: 0.45 }, afterDays: [1, 14], pumpingOnly: true },
  { kind: "therapist_referral", odds: { mild: 0, moderate: 0.08, severe: 0.35 }, afterDays: [7, 35] },
  { kind: "other", odds: { mild: 0.04, moderate: 0.04, severe: 0.04 }, afterDays: [3, 20] },
];

const QUIET_DAYS_FOR_RESOLVED = 5;

/** Interventions a client might stop on their own when they do not seem to help. */
const STOPPABLE = new Set<InterventionKind>(["grounding", "lifestyle", "peer_support", "other"]);

/** Days between starting an intervention and judging it, per assessment. */
function assessmentDelays(rng: Rng, kind: InterventionKind): number[] {
  // Medication takes weeks: an early check, then a second look.
  if (kind === "prescriber_referral") return [rng.float(6, 9), rng.float(17, 21)];
  if (kind === "weaning_support") return [rng.float(14, 21)];
  return [rng.float(7, 21)];
}

function recordOdds(kind: InterventionKind): number {
  if (kind === "prescriber_referral" || kind === "weaning_support") return 1;
  return kind === "education" ? 0.75 : 0.7;
}

function meanIntensity(episodes: readonly EpisodeRow[]): number | null {
  if (episodes.length === 0) return null;
  return episodes.reduce((sum, episode) => sum + episode.intensity, 0) / episodes.length;
}

/**
 * What a consultant would conclude from the log: the mean intensity after the
 * intervention started against the fortnight before it. Null: nothing to judge.
 */
function judge(
  context: ClientContext,
  episodes: readonly EpisodeRow[],
  startDay: number,
  assessedDay: number,
): Outcome | null {
  const { profile } = context;
  // Resolved once the log has stayed quiet for a few days.
  if (profile.resolvedDay !== null && profile.resolvedDay <= assessedDay - QUIET_DAYS_FOR_RESOLVED) return "resolved";
  const inWindow = (from: number, to: number) =>
    episodes.filter((episode) => {
      const day = dayOf(context, episode.occurred_at);
      return day >= from && day < to;
    });
  const after = meanIntensity(inWindow(startDay + 2, assessedDay));
  if (after === null) return null;
  const before = meanIntensity(inWindow(startDay - 14, startDay)) ?? expectedIntensity(profile, startDay);
  const change = after - before;
  if (change <= -1) return "improved";
  if (change >= 1) return "worse";
  return "no_change";
}

interface Planned {
  kind: InterventionKind;
  startedAt: Date;
  details: string | null;
}

function plannedInterventions(rng: Rng, context: ClientContext, safetyReferralAt: Date | null): Planned[] {
  const { profile } = context;
  const lastDay = Math.min(careEndDay(context), context.historyDays) - 0.5;
  // The course already placed these in clinic hours.
  const planned: Planned[] = profile.keyInterventions.map((key) => ({
    kind: key.kind,
    startedAt: atDay(context, key.day),
    details: rng.pick(INTERVENTION_DETAILS[key.kind]),
  }));
  const anchor = keyInterventionDay(profile, "education") ?? 0;
  for (const supportive of SUPPORTIVE) {
    if (supportive.pumpingOnly && context.feedingMethod === "nursing") continue;
    if (supportive.kind === "therapist_referral" && safetyReferralAt) continue;
    if (!rng.chance(supportive.odds[profile.course])) continue;
    const day = anchor + rng.float(...supportive.afterDays);
    if (day > lastDay) continue;
    planned.push({
      kind: supportive.kind,
      startedAt: clinicTime(context, day),
      details: rng.pick(INTERVENTION_DETAILS[supportive.kind]),
    });
  }
  if (safetyReferralAt) {
    // Made during the same-day follow-up after a self-harm report.
    planned.push({ kind: "therapist_referral", startedAt: safetyReferralAt, details: SELF_HARM_REFERRAL_DETAILS });
  }
  return planned.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
}

export function planInterventions(
  rng: Rng,
  context: ClientContext,
  episodes: readonly EpisodeRow[],
  safetyReferralAt: Date | null,
): { interventions: InterventionRow[]; outcomes: OutcomeRow[] } {
  const interventions: InterventionRow[] = [];
  const outcomes: OutcomeRow[] = [];
  const judgeableUntil = Math.min(careEndDay(context), context.historyDays - 0.1);
  const dischargedAt = context.profile.dischargeDay === null ? null : clinicTime(context, context.profile.dischargeDay);

  for (const { kind, startedAt, details } of plannedInterventions(rng, context, safetyReferralAt)) {
    const day = dayOf(context, startedAt);
    const intervention: InterventionRow = {
      practice_id: context.practiceId,
      id: rng.uuid(),
      client_id: context.clientId,
      kind,
      started_at: startedAt,
      ended_at: kind === "education" ? addMinutes(startedAt, 45) : null,
      details,
      recorded_by: context.consultantId,
      created_at: startedAt,
    };
    if (kind === "weaning_support" && dischargedAt) intervention.ended_at = dischargedAt;
    interventions.push(intervention);

    if (!rng.chance(recordOdds(kind))) continue;
    // Never judged within about a week, and repeat looks a few days apart.
    let earliestDay = day + 6;
    for (const delay of assessmentDelays(rng, kind)) {
      let assessedDay = Math.max(day + delay, earliestDay);
      if (assessedDay > judgeableUntil) {
        if (earliestDay > judgeableUntil) break;
        assessedDay = rng.float(earliestDay, judgeableUntil);
      }
      const assessedAt = clinicTime(context, assessedDay);
      earliestDay = dayOf(context, assessedAt) + 3;
      let outcome = judge(context, episodes, day, dayOf(context, assessedAt));
      if (outcome === null) continue;
      if ((outcome === "no_change" || outcome === "worse") && STOPPABLE.has(kind) && rng.chance(0.25)) {
        outcome = "stopped";
        intervention.ended_at = earliest(assessedAt, addDays(startedAt, rng.float(4, 7)));
      }
      outcomes.push({
        practice_id: context.practiceId,
        id: rng.uuid(),
        intervention_id: intervention.id,
        assessed_at: assessedAt,
        outcome,
        notes: rng.chance(0.7) ? rng.pick(OUTCOME_NOTES[outcome]) : null,
        recorded_by: context.consultantId,
        created_at: assessedAt,
      });
      if (outcome === "stopped" || outcome === "resolved") break;
    }
  }
  return { interventions, outcomes };
}

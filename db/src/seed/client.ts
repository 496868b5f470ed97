import type { FeedingMethod } from "@wave/shared";
import { alignToClinicHours, careEndDay, clinicDay, clinicTime, dayOf, type ClientContext } from "./context.js";
import { COURSE_EPISODE_FACTOR, planCourse, type Course } from "./courses.js";
import { makeEpisode, planEpisodes, planEpisodeStyle, type EpisodeStyle } from "./episodes.js";
import { planFollowUps, planNotes, type SelfHarmTimes } from "./follow-ups.js";
import { planInterventions } from "./interventions.js";
import type { Rng } from "./prng.js";
import { planScreenings } from "./screenings.js";
import { addDays, addHours, addMinutes, DAY_MS, daysBetween, earliest, isoDate, startOfUtcDay } from "./time.js";
import type { ClientPlan, EpisodeRow, SelfHarmPlan } from "./types.js";
import { SELF_HARM_EPISODE_NOTE } from "./vocabulary.js";

export interface ClientSpec {
  practiceId: string;
  consultantId: string;
  displayName: string;
  course: Course;
  selfHarm: SelfHarmPlan | null;
  episodesPerClient: number;
  now: Date;
}

/** Shortest history a client has: a week since intake. */
const MIN_HISTORY_DAYS = 7;

interface Timeline {
  babyBirthDate: string;
  intakeAt: Date;
  postpartumDaysAtIntake: number;
}

/**
 * Babies 2-30 weeks old, younger ones a little commoner (DMER care starts
 * early); intake a few days to six weeks after birth, at least a week before
 * now. The intake is drawn within what the baby's age allows rather than
 * clamped to it, so intakes spread over the weeks instead of piling up on
 * the latest possible day.
 */
function planTimeline(rng: Rng, now: Date): Timeline {
  const birthDaysAgo = Math.round(14 + 196 * rng.next() ** 1.2);
  const birth = addDays(startOfUtcDay(now), -birthDaysAgo);
  const latestIntakeDay = Math.min(42, birthDaysAgo - MIN_HISTORY_DAYS - 1);
  const postpartumDays = 3 + (latestIntakeDay - 3) * rng.next() ** 1.5;
  const intakeAt = alignToClinicHours(addDays(birth, postpartumDays));
  return { babyBirthDate: isoDate(birth), intakeAt, postpartumDaysAtIntake: daysBetween(birth, intakeAt) };
}

function insertSorted(episodes: EpisodeRow[], episode: EpisodeRow): void {
  const index = episodes.findIndex((other) => other.occurred_at > episode.occurred_at);
  episodes.splice(index === -1 ? episodes.length : index, 0, episode);
}

/** The same-day follow-up a report calls for: hours later, in working hours (next morning after a night report). */
function safetyFollowUpTime(rng: Rng, reportedAt: Date): Date {
  const followUp = alignToClinicHours(addHours(reportedAt, rng.float(2, 8)));
  return followUp > reportedAt ? followUp : addHours(reportedAt, rng.float(1, 2));
}

/**
 * Places the self-harm report: an episode flagged so, or (the screenings do
 * it) an EPDS with item 10 above 0. Urgent reports are from the last few
 * days; followed-up ones weeks ago, with a follow-up hours later. Null when
 * the history is too short for a followed-up report.
 */
function placeSelfHarm(
  rng: Rng,
  context: ClientContext,
  style: EpisodeStyle,
  episodes: EpisodeRow[],
  plan: SelfHarmPlan,
): SelfHarmTimes | null {
  let reportedAt: Date;
  if (plan.status === "urgent") {
    const earliestReport = addDays(context.intakeAt, 1);
    reportedAt = new Date(Math.max(addDays(context.now, -rng.float(0.25, 3.5)).getTime(), earliestReport.getTime()));
  } else {
    const lastDay = careEndDay(context) - 3;
    if (lastDay < 3) return null;
    reportedAt = addDays(context.intakeAt, Math.max(3, Math.min(lastDay, context.historyDays - rng.float(10, 40))));
  }

  if (plan.channel === "epds") {
    reportedAt = clinicTime(context, dayOf(context, reportedAt));
  } else {
    // Flag an episode logged around that time if there is one, else log a new one.
    const windowMs = (plan.status === "urgent" ? 0.5 : 2) * DAY_MS;
    const nearby = episodes.filter(
      (episode) => Math.abs(episode.occurred_at.getTime() - reportedAt.getTime()) <= windowMs,
    );
    let episode = nearby.length > 0 ? rng.pick(nearby) : undefined;
    if (!episode) {
      const feedContext = context.feedingMethod === "pumping" ? "pumping" : "nursing";
      episode = makeEpisode(rng, context, style, reportedAt, { context: feedContext, letDown: "first" });
      insertSorted(episodes, episode);
    }
    episode.self_harm_thoughts = true;
    // Thoughts of self-harm come with severe episodes (DOMAIN.md).
    episode.intensity = Math.max(7, episode.intensity);
    // Out of hours the client logs it herself through the link; in hours she may phone.
    const hour = episode.occurred_at.getUTCHours();
    if (hour < 8 || hour >= 18) {
      episode.source = "client";
      episode.recorded_by = null;
      episode.notes = null;
    } else if (episode.source === "consultant") {
      episode.notes = SELF_HARM_EPISODE_NOTE;
    }
    episode.recorded_at = earliest(addMinutes(episode.occurred_at, rng.float(5, 60)), context.now);
    reportedAt = episode.occurred_at;
  }
  return { reportedAt, followedUpAt: plan.status === "followed_up" ? safetyFollowUpTime(rng, reportedAt) : null };
}

export function planClient(rng: Rng, spec: ClientSpec): ClientPlan {
  const { now, course } = spec;
  const clientId = rng.fork("id").uuid();
  const timeline = planTimeline(rng.fork("timeline"), now);
  const feedingMethod = rng.fork("feeding").weighted<FeedingMethod>([
    ["nursing", 0.55],
    ["both", 0.3],
    ["pumping", 0.15],
  ]);
  const historyDays = daysBetween(timeline.intakeAt, now);
  const clock = { intakeAt: timeline.intakeAt, now };
  const profile = planCourse(rng.fork("course"), course, {
    historyDays,
    postpartumDaysAtIntake: timeline.postpartumDaysAtIntake,
    urgentSelfHarm: spec.selfHarm?.status === "urgent",
    clinicDay: (day) => clinicDay(clock, day),
  });
  const context: ClientContext = {
    practiceId: spec.practiceId,
    clientId,
    consultantId: spec.consultantId,
    now,
    intakeAt: timeline.intakeAt,
    historyDays,
    postpartumDaysAtIntake: timeline.postpartumDaysAtIntake,
    feedingMethod,
    profile,
  };

  const style = planEpisodeStyle(rng.fork("style"), course);
  const target = Math.round(spec.episodesPerClient * COURSE_EPISODE_FACTOR[course] * rng.fork("target").float(0.8, 1.2));
  const episodes = planEpisodes(rng.fork("episodes"), context, style, target);
  const selfHarmTimes = spec.selfHarm
    ? placeSelfHarm(rng.fork("self-harm"), context, style, episodes, spec.selfHarm)
    : null;
  const selfHarm = selfHarmTimes ? spec.selfHarm : null;
  const epdsReportAt = selfHarm?.channel === "epds" && selfHarmTimes ? selfHarmTimes.reportedAt : null;
  const { interventions, outcomes } = planInterventions(
    rng.fork("interventions"),
    context,
    episodes,
    selfHarmTimes?.followedUpAt ?? null,
  );

  const dischargedAt = profile.dischargeDay === null ? null : clinicTime(context, profile.dischargeDay);
  return {
    client: {
      practice_id: spec.practiceId,
      id: clientId,
      primary_consultant_id: spec.consultantId,
      display_name: spec.displayName,
      baby_birth_date: timeline.babyBirthDate,
      feeding_method: feedingMethod,
      considering_weaning: profile.consideringWeaning && !dischargedAt,
      status: dischargedAt ? "discharged" : "active",
      created_at: timeline.intakeAt,
      updated_at: dischargedAt ?? timeline.intakeAt,
      discharged_at: dischargedAt,
    },
    profile,
    selfHarm,
    episodes,
    interventions,
    outcomes,
    screenings: planScreenings(rng.fork("screenings"), context, epdsReportAt),
    followUps: planFollowUps(rng.fork("follow-ups"), context, selfHarmTimes),
    notes: planNotes(rng.fork("notes"), context),
  };
}

import { dysphoriaTypes, MAX_INTENSITY, MIN_INTENSITY } from "@wave/shared";
import type { DysphoriaType, EpisodeContext, Impact, LetDown } from "@wave/shared";
import { alignToClinicHours, atDay, careEndDay, dayOf, type ClientContext } from "./context.js";
import { episodeRate, expectedIntensity, keyInterventionDay, type Course } from "./courses.js";
import type { Rng } from "./prng.js";
import { addDays, addHours, addMinutes, DAY_MS, earliest, startOfUtcDay } from "./time.js";
import type { EpisodeRow } from "./types.js";
import { EPISODE_NOTES } from "./vocabulary.js";

/** At intake the consultant logs the episodes of the last couple of days. */
const RECALLED_DAYS_BEFORE_INTAKE = 2;
/**
 * At most this many episodes a day while DMER is at full strength: a client
 * seen only recently has a short history, not a crammed one (DMER can come
 * with every feed, but most clients report a few a day).
 */
const MAX_EPISODES_PER_FULL_DAY = 3;
/** Share of episodes the client logs herself through the self-report link. */
const SELF_REPORTED_SHARE = 0.2;

/** DMER at the first let-down of a feed only, or at every let-down (DOMAIN.md). */
type LetDownPattern = "first_only" | "every";

/** How one client's episodes tend to look, kept constant across their history. */
export interface EpisodeStyle {
  dominantType: DysphoriaType;
  secondaryType: DysphoriaType;
  letDownPattern: LetDownPattern;
  medianDurationSeconds: number;
}

export interface Feed {
  context: EpisodeContext;
  letDown: LetDown;
}

export function planEpisodeStyle(rng: Rng, course: Course): EpisodeStyle {
  const dominantType = rng.weighted<DysphoriaType>([
    ["despondency", 0.45],
    ["anxiety", 0.35],
    ["anger", 0.2],
  ]);
  return {
    dominantType,
    secondaryType: rng.pick(dysphoriaTypes.filter((type) => type !== dominantType)),
    letDownPattern: rng.weighted<LetDownPattern>([
      ["first_only", 0.75],
      ["every", 0.25],
    ]),
    medianDurationSeconds: { mild: 60, moderate: 90, severe: 140 }[course] * rng.float(0.8, 1.25),
  };
}

/** Babies feed 8-12 times a day early on, settling towards 6-8 by six months. */
function feedsPerDay(rng: Rng, postpartumDays: number): number {
  const typical = 10 - 4 * Math.min(1, postpartumDays / 150);
  return Math.min(10, Math.max(6, Math.round(typical + rng.int(-1, 1))));
}

/** Feed start times for one day, evenly spread round the clock with some drift. */
function feedTimes(rng: Rng, dayStart: Date, count: number): Date[] {
  const interval = 24 / count;
  const offset = rng.float(0, interval);
  return Array.from({ length: count }, (_, i) => {
    const hour = Math.min(23.9, Math.max(0, offset + i * interval + rng.normal(0, 0.4)));
    return addHours(dayStart, hour);
  });
}

function feedContext(rng: Rng, context: ClientContext): EpisodeContext {
  if (context.feedingMethod === "nursing") return "nursing";
  if (context.feedingMethod === "pumping") return "pumping";
  return rng.chance(0.6) ? "nursing" : "pumping";
}

function letDownFor(rng: Rng, pattern: LetDownPattern): LetDown {
  const laterShare = pattern === "every" ? 0.4 : 0.03;
  const draw = rng.next();
  if (draw < 0.05) return "unknown";
  return draw < 0.05 + laterShare ? "later" : "first";
}

/**
 * Plans about `target` episodes spread over the client's care in proportion
 * to the course's daily rate (fewer when the care so far is too short to
 * hold them at a plausible daily rate), each at a let-down of a feed that day.
 */
export function planEpisodes(rng: Rng, context: ClientContext, style: EpisodeStyle, target: number): EpisodeRow[] {
  const windowStart = addDays(context.intakeAt, -RECALLED_DAYS_BEFORE_INTAKE);
  const windowEnd = atDay(context, careEndDay(context));
  const days: { start: Date; weight: number }[] = [];
  for (let start = startOfUtcDay(windowStart); start < windowEnd; start = addDays(start, 1)) {
    const from = Math.max(start.getTime(), windowStart.getTime());
    const to = Math.min(start.getTime() + DAY_MS, windowEnd.getTime());
    const overlap = Math.max(0, to - from) / DAY_MS;
    const midday = dayOf(context, new Date((from + to) / 2));
    days.push({ start, weight: overlap * episodeRate(context.profile, midday) });
  }
  const totalWeight = days.reduce((sum, day) => sum + day.weight, 0);
  if (target <= 0 || totalWeight === 0) return [];
  const perWeight = Math.min(target / totalWeight, MAX_EPISODES_PER_FULL_DAY);

  const episodes: EpisodeRow[] = [];
  for (const day of days) {
    const postpartumDays = context.postpartumDaysAtIntake + dayOf(context, day.start);
    const feeds = feedTimes(rng, day.start, feedsPerDay(rng, postpartumDays));
    const count = Math.min(feeds.length, rng.poisson(perWeight * day.weight));
    for (const feedIndex of rng.shuffle(Array.from(feeds.keys())).slice(0, count)) {
      const feedStart = feeds[feedIndex] as Date;
      let occurredAt: Date;
      let feed: Feed;
      if (rng.chance(0.05)) {
        // A spontaneous let-down, between feeds.
        occurredAt = addHours(feedStart, rng.float(0.8, 2));
        feed = { context: "spontaneous", letDown: "unknown" };
      } else {
        const letDown = letDownFor(rng, style.letDownPattern);
        occurredAt = addMinutes(feedStart, letDown === "later" ? rng.float(8, 20) : rng.float(0.5, 3));
        feed = { context: feedContext(rng, context), letDown };
      }
      if (occurredAt < windowStart || occurredAt > windowEnd) continue;
      episodes.push(makeEpisode(rng, context, style, occurredAt, feed));
    }
  }
  return episodes.sort((a, b) => a.occurred_at.getTime() - b.occurred_at.getTime());
}

/** A consultant enters what the client told them at the next call, in working hours. */
function consultantEntryTime(rng: Rng, occurredAt: Date): Date {
  const entry = alignToClinicHours(addHours(occurredAt, rng.float(2, 30)));
  return entry > occurredAt ? entry : addMinutes(occurredAt, rng.float(20, 90));
}

function rateIntensity(rng: Rng, context: ClientContext, day: number): number {
  const rating = Math.round(expectedIntensity(context.profile, day) + rng.normal(0, 0.7));
  return Math.min(MAX_INTENSITY, Math.max(MIN_INTENSITY, rating));
}

function durationSeconds(rng: Rng, style: EpisodeStyle): number {
  // Most episodes last 1-5 minutes; a few run longer, which is atypical.
  const seconds = rng.chance(0.04)
    ? rng.float(330, 900)
    : style.medianDurationSeconds * Math.exp(rng.normal(0, 0.45));
  return Math.round(Math.min(1800, Math.max(15, seconds)) / 5) * 5;
}

function episodeTypes(rng: Rng, style: EpisodeStyle, course: Course): DysphoriaType[] {
  const chosen = new Set<DysphoriaType>();
  if (rng.chance(0.9)) {
    chosen.add(style.dominantType);
    if (rng.chance(0.3)) chosen.add(style.secondaryType);
  } else {
    chosen.add(style.secondaryType);
  }
  if (rng.chance(course === "severe" ? 0.12 : 0.04)) for (const type of dysphoriaTypes) chosen.add(type);
  return dysphoriaTypes.filter((type) => chosen.has(type));
}

function impactOf(rng: Rng, intensity: number, consideringWeaning: boolean): Impact {
  if (intensity <= 3) return rng.weighted<Impact>([["none", 0.95], ["fed_less", 0.05]]);
  if (intensity <= 6) {
    return rng.weighted<Impact>([["none", 0.72], ["fed_less", 0.22], ["avoiding_feeds", 0.06]]);
  }
  return rng.weighted<Impact>([
    ["none", 0.4],
    ["fed_less", 0.33],
    ["avoiding_feeds", consideringWeaning ? 0.12 : 0.27],
    ["considering_weaning", consideringWeaning ? 0.15 : 0],
  ]);
}

export function makeEpisode(
  rng: Rng,
  context: ClientContext,
  style: EpisodeStyle,
  occurredAt: Date,
  feed: Feed,
): EpisodeRow {
  const { profile } = context;
  const day = dayOf(context, occurredAt);
  const intensity = rateIntensity(rng, context, day);
  const educationDay = keyInterventionDay(profile, "education");
  const types = episodeTypes(rng, style, profile.course);
  // Episodes recalled at intake are entered by the consultant during it.
  const selfReported = day >= 0 && rng.chance(SELF_REPORTED_SHARE);
  const recordedAt = selfReported
    ? addMinutes(occurredAt, rng.float(2, 120))
    : day < 0
      ? addMinutes(context.intakeAt, rng.float(10, 50))
      : consultantEntryTime(rng, occurredAt);
  // A client logging on her phone sometimes skips a question.
  const skipped = (share: number): boolean => selfReported && rng.chance(share);
  const firstType = types[0] ?? style.dominantType;
  return {
    practice_id: context.practiceId,
    id: rng.uuid(),
    client_id: context.clientId,
    occurred_at: occurredAt,
    recorded_at: earliest(recordedAt, context.now),
    source: selfReported ? "client" : "consultant",
    recorded_by: selfReported ? null : context.consultantId,
    context: skipped(0.1) ? null : feed.context,
    let_down: skipped(0.1) ? "unknown" : feed.letDown,
    duration_seconds: skipped(0.15) ? null : durationSeconds(rng, style),
    types,
    intensity,
    rated_after_education: skipped(0.2) ? null : educationDay !== null && day >= educationDay,
    impact: skipped(0.1) ? null : impactOf(rng, intensity, profile.consideringWeaning),
    self_harm_thoughts: false,
    notes: rng.chance(0.12) ? rng.pick(EPISODE_NOTES[firstType]) : null,
  };
}

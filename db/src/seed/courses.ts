import { MAX_INTENSITY, MIN_INTENSITY } from "@wave/shared";
import type { Rng } from "./prng.js";

// How a client's DMER runs over the weeks of care (DOMAIN.md, "Expected
// course, per band"). Days are counted from the intake visit (day 0).

export type Course = "mild" | "moderate" | "severe";

/** The client mix: most DMER is mild or moderate. */
export const COURSE_MIX: readonly (readonly [Course, number])[] = [
  ["mild", 0.4],
  ["moderate", 0.4],
  ["severe", 0.2],
];

/**
 * Logged episodes relative to --episodes-per-client: severe DMER brings more
 * episodes (and more reason to log them) than mild. The mix averages to 1.
 */
export const COURSE_EPISODE_FACTOR: Record<Course, number> = { mild: 0.6, moderate: 1.0, severe: 1.8 };

/** The interventions that change the course, as opposed to the supportive ones. */
export type KeyInterventionKind = "education" | "prescriber_referral" | "weaning_support";

export interface KeyIntervention {
  kind: KeyInterventionKind;
  day: number;
}

/** From `fromDay`, intensity moves by `delta`, approached exponentially over `tauDays`. */
interface Shift {
  fromDay: number;
  delta: number;
  tauDays: number;
}

/** From `fromDay`, the daily episode rate is multiplied by `factor`. */
interface RateStep {
  fromDay: number;
  factor: number;
}

export interface CourseProfile {
  course: Course;
  startIntensity: number;
  shifts: Shift[];
  rateSteps: RateStep[];
  /** Mild DMER thins out as it self-corrects: the e-folding time of the rate. */
  rateDecayDays: number | null;
  /** Episodes stop after this day: the DMER resolved (or the client weaned). */
  resolvedDay: number | null;
  dischargeDay: number | null;
  keyInterventions: KeyIntervention[];
  consideringWeaning: boolean;
  /** Severe clients who got worse over the last fortnight: the "worsening" trend. */
  worseningFromDay: number | null;
}

export interface CourseFacts {
  /** Days from intake to now. */
  historyDays: number;
  postpartumDaysAtIntake: number;
  /**
   * An unanswered self-harm report: the client is in active care, never
   * discharged, and (if severe) has found no relief yet.
   */
  urgentSelfHarm: boolean;
  /** Moves a day to clinic hours, where a visit (and so an intervention) happens. */
  clinicDay: (day: number) => number;
}

export function keyInterventionDay(profile: CourseProfile, kind: KeyInterventionKind): number | null {
  return profile.keyInterventions.find((intervention) => intervention.kind === kind)?.day ?? null;
}

/** The intensity a client would rate, on average, on day `day`. */
export function expectedIntensity(profile: CourseProfile, day: number): number {
  let level = profile.startIntensity;
  for (const shift of profile.shifts) {
    if (day > shift.fromDay) level += shift.delta * (1 - Math.exp(-(day - shift.fromDay) / shift.tauDays));
  }
  return Math.min(MAX_INTENSITY, Math.max(MIN_INTENSITY, level));
}

/** Relative number of logged episodes on day `day` (0 once resolved or discharged). */
export function episodeRate(profile: CourseProfile, day: number): number {
  if (profile.resolvedDay !== null && day > profile.resolvedDay) return 0;
  if (profile.dischargeDay !== null && day > profile.dischargeDay) return 0;
  let rate = profile.rateDecayDays === null ? 1 : Math.exp(-Math.max(0, day) / profile.rateDecayDays);
  for (const step of profile.rateSteps) if (day >= step.fromDay) rate *= step.factor;
  return rate;
}

export function planCourse(rng: Rng, course: Course, facts: CourseFacts): CourseProfile {
  switch (course) {
    case "mild":
      return planMild(rng, facts);
    case "moderate":
      return planModerate(rng, facts);
    case "severe":
      return planSevere(rng, facts);
  }
}

function emptyProfile(course: Course, startIntensity: number): CourseProfile {
  return {
    course,
    startIntensity,
    shifts: [],
    rateSteps: [],
    rateDecayDays: null,
    resolvedDay: null,
    dischargeDay: null,
    keyInterventions: [],
    consideringWeaning: false,
    worseningFromDay: null,
  };
}

/** Some clients whose DMER has settled are discharged a week or two later. */
function maybeDischarge(rng: Rng, profile: CourseProfile, settledDay: number, facts: CourseFacts, odds: number): void {
  const quietDays = facts.historyDays - settledDay;
  if (facts.urgentSelfHarm || quietDays < 10 || !rng.chance(odds)) return;
  profile.dischargeDay = settledDay + rng.float(7, Math.min(21, quietDays - 1));
}

/**
 * Mild: starts at 2-4 and fades to 1-2 over weeks; education helps a little
 * more; most self-correct by about 3 months postpartum.
 */
function planMild(rng: Rng, facts: CourseFacts): CourseProfile {
  const profile = emptyProfile("mild", rng.float(2.3, 3.8));
  profile.shifts.push({ fromDay: 0, delta: rng.float(1.0, 1.6) - profile.startIntensity, tauDays: rng.float(10, 24) });
  profile.rateDecayDays = rng.float(20, 45);
  if (rng.chance(0.9)) {
    const day = facts.clinicDay(rng.float(0, Math.min(2, facts.historyDays - 1)));
    profile.keyInterventions.push({ kind: "education", day });
    profile.shifts.push({ fromDay: day, delta: -rng.float(0.3, 0.7), tauDays: 2 });
  }
  if (rng.chance(0.6)) {
    const resolvedDay = Math.max(10, rng.float(45, 120) - facts.postpartumDaysAtIntake);
    if (resolvedDay < facts.historyDays - 2) {
      profile.resolvedDay = resolvedDay;
      maybeDischarge(rng, profile, resolvedDay, facts, 0.55);
    }
  }
  return profile;
}

/**
 * Moderate: 4-6, easing by about 2 points within days of education, then
 * slowly; self-corrects at 3-12 months postpartum (Wave's rule).
 */
function planModerate(rng: Rng, facts: CourseFacts): CourseProfile {
  const profile = emptyProfile("moderate", rng.float(4.4, 6.3));
  const educationDay = facts.clinicDay(rng.float(1, Math.max(1, Math.min(8, facts.historyDays - 1))));
  profile.keyInterventions.push({ kind: "education", day: educationDay });
  // About one in ten does not respond to education alone.
  const drop = rng.chance(0.9) ? rng.float(1.6, 2.6) : rng.float(0, 0.4);
  profile.shifts.push({ fromDay: educationDay, delta: -drop, tauDays: 3 });
  profile.shifts.push({ fromDay: educationDay, delta: -rng.float(0.8, 1.6), tauDays: rng.float(40, 90) });
  profile.rateSteps.push({ fromDay: educationDay, factor: 0.75 });
  const resolvedDay = rng.float(90, 365) - facts.postpartumDaysAtIntake;
  if (resolvedDay > educationDay + 14 && resolvedDay < facts.historyDays - 2) {
    profile.resolvedDay = resolvedDay;
    maybeDischarge(rng, profile, resolvedDay, facts, 0.5);
  }
  return profile;
}

/**
 * Severe: 7-9, barely moved by education, lasting until a prescriber's help
 * or weaning; some get worse over the last fortnight.
 */
function planSevere(rng: Rng, facts: CourseFacts): CourseProfile {
  const history = facts.historyDays;
  const worsening = history >= 32 && (facts.urgentSelfHarm || rng.chance(0.3));
  const profile = emptyProfile("severe", worsening ? rng.float(7.0, 7.5) : rng.float(7.3, 8.7));
  profile.consideringWeaning = rng.chance(0.35);

  const educationDay = facts.clinicDay(rng.float(0, Math.min(2, history - 1)));
  profile.keyInterventions.push({ kind: "education", day: educationDay });
  profile.shifts.push({ fromDay: educationDay, delta: -rng.float(0.2, 0.5), tauDays: 2 });

  if (worsening) {
    const from = history - rng.float(11, 13);
    profile.worseningFromDay = from;
    profile.shifts.push({ fromDay: from, delta: rng.float(2.0, 2.5), tauDays: 1.5 });
    profile.rateSteps.push({ fromDay: from, factor: 1.3 });
    // Half have just been referred because of it; too soon to make a difference.
    if (rng.chance(0.5)) {
      profile.keyInterventions.push({ kind: "prescriber_referral", day: facts.clinicDay(history - rng.float(0.3, 2)) });
    }
    return profile;
  }

  if (facts.urgentSelfHarm) return profile;

  if (profile.consideringWeaning && history >= 14 && rng.chance(0.5)) {
    const day = facts.clinicDay(rng.float(10, Math.max(10, Math.min(40, history - 4))));
    profile.keyInterventions.push({ kind: "weaning_support", day });
    profile.shifts.push({ fromDay: day, delta: -rng.float(2, 3.5), tauDays: 10 });
    // Fewer feeds while weaning, so fewer let-downs and fewer episodes.
    profile.rateSteps.push({ fromDay: day, factor: 0.5 }, { fromDay: day + 14, factor: 0.5 });
    const weanedDay = day + rng.float(28, 42);
    if (weanedDay < history - 1 && rng.chance(0.5)) {
      profile.resolvedDay = weanedDay;
      profile.dischargeDay = weanedDay;
    }
    return profile;
  }

  if (history >= 10 && rng.chance(0.75)) {
    const day = facts.clinicDay(rng.float(7, Math.max(7, Math.min(30, history - 3))));
    profile.keyInterventions.push({ kind: "prescriber_referral", day });
    // Medication takes about a week to start helping.
    profile.shifts.push({ fromDay: day + rng.float(4, 7), delta: -rng.float(2.5, 3.5), tauDays: 7 });
  }
  return profile;
}

import type { FeedingMethod } from "@wave/shared";
import type { CourseProfile } from "./courses.js";
import { addDays, addHours, addMinutes, daysBetween, earliest, HOUR_MS, startOfUtcDay } from "./time.js";

/** What every part of one client's plan needs to know. */
export interface ClientContext {
  practiceId: string;
  clientId: string;
  consultantId: string;
  now: Date;
  /** The intake visit: day 0 of the course. */
  intakeAt: Date;
  /** Days from intake to now. */
  historyDays: number;
  postpartumDaysAtIntake: number;
  feedingMethod: FeedingMethod;
  profile: CourseProfile;
}

export function dayOf(context: ClientContext, date: Date): number {
  return daysBetween(context.intakeAt, date);
}

export function atDay(context: ClientContext, day: number): Date {
  return addDays(context.intakeAt, day);
}

/** The last moment of care: discharge, or now. */
export function careEndDay(context: ClientContext): number {
  return Math.min(context.historyDays, context.profile.dischargeDay ?? Infinity);
}

/**
 * The moment on day `day` when a visit would happen: the same day, between
 * 09:00 and 17:30, never before intake nor after now.
 */
export function clinicTime(context: ClientContext, day: number): Date {
  const raw = atDay(context, day);
  const dayStart = startOfUtcDay(raw);
  const hourOfDay = (raw.getTime() - dayStart.getTime()) / HOUR_MS;
  const clinic = addHours(dayStart, 9 + (hourOfDay / 24) * 8.5);
  const latest = addMinutes(context.now, -10);
  if (clinic < context.intakeAt) return context.intakeAt;
  return clinic > latest ? earliest(raw, latest) : clinic;
}

export function clinicDay(context: ClientContext, day: number): number {
  return dayOf(context, clinicTime(context, day));
}

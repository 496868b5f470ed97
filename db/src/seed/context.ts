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

/** The same day's clinic hours (09:00-17:30), keeping the order of times within the day. */
export function alignToClinicHours(date: Date): Date {
  const dayStart = startOfUtcDay(date);
  const hourOfDay = (date.getTime() - dayStart.getTime()) / HOUR_MS;
  return addHours(dayStart, 9 + (hourOfDay / 24) * 8.5);
}

/**
 * The moment on day `day` when a visit would happen: in clinic hours, never
 * before intake nor after now.
 */
export function clinicTime(context: Pick<ClientContext, "intakeAt" | "now">, day: number): Date {
  const raw = addDays(context.intakeAt, day);
  const clinic = alignToClinicHours(raw);
  const latest = addMinutes(context.now, -10);
  if (clinic < context.intakeAt) return context.intakeAt;
  return clinic > latest ? earliest(raw, latest) : clinic;
}

export function clinicDay(context: Pick<ClientContext, "intakeAt" | "now">, day: number): number {
  return daysBetween(context.intakeAt, clinicTime(context, day));
}

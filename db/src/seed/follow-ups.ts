import { alignToClinicHours, atDay, clinicTime, type ClientContext } from "./context.js";
import type { Course } from "./courses.js";
import type { Rng } from "./prng.js";
import { addDays, addHours, addMinutes, daysBetween, earliest } from "./time.js";
import type { FollowUpRow, NoteRow } from "./types.js";
import {
  CLIENT_NOTES,
  CLIENT_NOTES_PUMPING,
  CLIENT_NOTES_SEVERE,
  DISCHARGE_NOTE,
  FOLLOW_UP_NOTES,
  FOLLOW_UP_NOTES_PUMPING,
  FOLLOW_UP_NOTES_SEVERE,
  SAFETY_FOLLOW_UP_NOTE,
} from "./vocabulary.js";

/** Days between follow-ups: the stronger the DMER, the closer the contact. */
const VISIT_INTERVAL: Record<Course, readonly [number, number]> = {
  mild: [12, 21],
  moderate: [7, 14],
  severe: [5, 9],
};

/** Share of clients whose latest scheduled follow-up was missed and is now overdue. */
const MISSED_SHARE = 0.15;

export interface SelfHarmTimes {
  reportedAt: Date;
  /** When the same-day follow-up was completed; null while nobody has followed up. */
  followedUpAt: Date | null;
}

function notePool(
  context: ClientContext,
  general: readonly string[],
  pumping: readonly string[],
  severe: readonly string[],
): string[] {
  return [
    ...general,
    ...(context.feedingMethod === "nursing" ? [] : pumping),
    ...(context.profile.course === "severe" ? severe : []),
  ];
}

/**
 * Completed follow-ups from intake to now (or discharge), then exactly one
 * open follow-up for an active client: overdue if the last one was missed,
 * else the next one due. After an unanswered self-harm report nothing is
 * completed, and the open follow-up is the same-day one it calls for.
 */
export function planFollowUps(rng: Rng, context: ClientContext, selfHarm: SelfHarmTimes | null): FollowUpRow[] {
  const { profile, now } = context;
  const [minGap, maxGap] = VISIT_INTERVAL[profile.course];
  const notes = notePool(context, FOLLOW_UP_NOTES, FOLLOW_UP_NOTES_PUMPING, FOLLOW_UP_NOTES_SEVERE);
  const unanswered = selfHarm && !selfHarm.followedUpAt ? selfHarm.reportedAt : null;
  const dischargedAt = profile.dischargeDay === null ? null : clinicTime(context, profile.dischargeDay);
  const rows: FollowUpRow[] = [];
  let createdAt = context.intakeAt;
  const add = (dueAt: Date, completedAt: Date | null, note: string | null, created: Date = createdAt) => {
    rows.push({
      practice_id: context.practiceId,
      id: rng.uuid(),
      client_id: context.clientId,
      due_at: dueAt,
      completed_at: completedAt,
      completed_by: completedAt ? context.consultantId : null,
      outcome: completedAt ? "reached" : null,
      contact: completedAt ? "phone" : null,
      notes: note,
      created_by: context.consultantId,
      created_at: created,
    });
    // The next follow-up is booked at the latest completed one.
    if (completedAt && completedAt > createdAt) createdAt = completedAt;
  };

  let openDue: Date | null = null;
  let day = rng.float(minGap, maxGap) / 2 + 3;
  for (;;) {
    const dueAt = alignToClinicHours(atDay(context, day));
    const nextDay = day + rng.float(minGap, maxGap);
    if (dischargedAt && dueAt >= addDays(dischargedAt, -2)) break;
    if (unanswered && dueAt >= unanswered) break;
    if (dueAt > now) {
      openDue = dueAt;
      break;
    }
    // Mostly on the day; sometimes a day or two late, in working hours.
    const completedAt = rng.chance(0.8)
      ? addHours(dueAt, rng.float(0, 4))
      : alignToClinicHours(addHours(dueAt, rng.float(24, 50)));
    const lastBeforeNow = alignToClinicHours(atDay(context, nextDay)) > now;
    const missed = lastBeforeNow && !dischargedAt && rng.chance(MISSED_SHARE);
    if (completedAt > now || (unanswered && completedAt >= unanswered) || missed) {
      openDue = dueAt;
      break;
    }
    add(dueAt, completedAt, rng.pick(notes));
    day = nextDay;
  }

  if (selfHarm?.followedUpAt) {
    add(addMinutes(selfHarm.reportedAt, 30), selfHarm.followedUpAt, SAFETY_FOLLOW_UP_NOTE, selfHarm.reportedAt);
    rows.sort((a, b) => a.due_at.getTime() - b.due_at.getTime());
  }
  if (dischargedAt) {
    add(dischargedAt, earliest(addHours(dischargedAt, rng.float(0, 3)), now), DISCHARGE_NOTE);
  } else if (unanswered) {
    add(addHours(unanswered, rng.float(2, 6)), null, null, earliest(addMinutes(unanswered, 20), now));
  } else {
    // Due within four weeks at the latest: nobody books further ahead for DMER.
    const due = openDue ?? addDays(now, rng.float(1, 14));
    add(daysBetween(now, due) > 28 ? addDays(now, rng.float(14, 28)) : due, null, null);
  }
  return rows;
}

/** One to three short practice notes about the client. */
export function planNotes(rng: Rng, context: ClientContext): NoteRow[] {
  const lastDay = Math.min(context.historyDays, context.profile.dischargeDay ?? Infinity);
  const pool = rng.shuffle(notePool(context, CLIENT_NOTES, CLIENT_NOTES_PUMPING, CLIENT_NOTES_SEVERE));
  const count = rng.weighted([
    [1, 0.25],
    [2, 0.5],
    [3, 0.25],
  ] as const);
  return pool
    .slice(0, count)
    .map((body) => ({ body, at: clinicTime(context, rng.float(0, lastDay)) }))
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map(({ body, at }) => ({
      practice_id: context.practiceId,
      id: rng.uuid(),
      client_id: context.clientId,
      author_id: context.consultantId,
      body,
      created_at: at,
    }));
}

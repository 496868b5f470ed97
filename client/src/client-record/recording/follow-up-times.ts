import { addDays, addHours, isSaturday, isSunday, nextMonday, set, startOfHour } from "date-fns";

// Suggested times for follow-ups, in the browser's time zone: clinic hours, never in the past.

export interface QuickPick {
  label: string;
  at: Date;
}

const atTen = (date: Date) => set(date, { hours: 10, minutes: 0, seconds: 0, milliseconds: 0 });

/** Quick picks for the due time; "later today" is the next whole hour after the coming one. */
export function quickPicks(now: Date): QuickPick[] {
  return [
    { label: "Later today", at: startOfHour(addHours(now, 2)) },
    { label: "Tomorrow", at: atTen(addDays(now, 1)) },
    { label: "In 1 week", at: atTen(addDays(now, 7)) },
    { label: "In 2 weeks", at: atTen(addDays(now, 14)) },
  ];
}

/**
 * After an urgent alert is resolved the next contact should follow soon: two
 * days on at 10:00, moved off the weekend to Monday.
 */
export function defaultNextFollowUp(now: Date): Date {
  const at = atTen(addDays(now, 2));
  return isSaturday(at) || isSunday(at) ? atTen(nextMonday(at)) : at;
}

/** Quick picks for the next follow-up when a contact is recorded. */
export function nextPicks(now: Date): QuickPick[] {
  return [
    { label: "Tomorrow", at: atTen(addDays(now, 1)) },
    { label: "In 2 days", at: defaultNextFollowUp(now) },
    { label: "In 1 week", at: atTen(addDays(now, 7)) },
  ];
}

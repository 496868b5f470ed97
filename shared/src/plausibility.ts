// Clinical plausibility: values that parse but cannot describe a real DMER
// course are refused with a plain message instead of skewing the record.

/**
 * DMER is felt at milk let-down. A parent may be nursing an older child
 * through a pregnancy, so an episode (or an EPDS, which screens the same
 * perinatal period, or an intervention for the DMER) can come before this
 * baby's birth, but not by more than a pregnancy: 9 months.
 */
export const MONTHS_BEFORE_BIRTH_ALLOWED = 9;

/** The birth date is a local calendar day; a day of slack covers every time zone. */
const TIME_ZONE_SLACK_MS = 24 * 60 * 60 * 1000;

/** The earliest instant a record about this baby's feeding can describe. */
export function earliestPlausibleRecord(babyBirthDate: string): Date {
  const earliest = new Date(`${babyBirthDate}T00:00:00Z`);
  earliest.setUTCMonth(earliest.getUTCMonth() - MONTHS_BEFORE_BIRTH_ALLOWED);
  return new Date(earliest.getTime() - TIME_ZONE_SLACK_MS);
}

/** Whether an episode or screening at `at` fits a baby born on `babyBirthDate` (YYYY-MM-DD). */
export function isPlausibleForBirth(at: Date, babyBirthDate: string): boolean {
  const earliest = earliestPlausibleRecord(babyBirthDate);
  if (Number.isNaN(earliest.getTime())) return true;
  return at.getTime() >= earliest.getTime();
}

export const tooLongBeforeBirth = (label: string) =>
  `${label} cannot be more than ${MONTHS_BEFORE_BIRTH_ALLOWED} months before the baby's birth`;

/**
 * A follow-up is booked for the coming care, not for a date no one will act
 * on: at most 12 months ahead.
 */
export const FOLLOW_UP_MONTHS_AHEAD = 12;

export function latestFollowUp(now: Date): Date {
  const latest = new Date(now.getTime());
  latest.setUTCMonth(latest.getUTCMonth() + FOLLOW_UP_MONTHS_AHEAD);
  return latest;
}

export function isWithinFollowUpWindow(dueAt: Date, now: Date): boolean {
  return dueAt.getTime() <= latestFollowUp(now).getTime();
}

// A letter, digit, symbol or punctuation mark: something a reader can see.
// Spaces, zero-width joiners, direction marks and other format characters
// alone would make a name that shows as blank.
const VISIBLE = /[\p{L}\p{N}\p{S}\p{P}]/u;

/** Whether a name has at least one visible character. */
export function hasVisibleCharacter(value: string): boolean {
  return VISIBLE.test(value);
}

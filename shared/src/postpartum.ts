const MS_PER_WEEK = 7 * 24 * 60 * 60 * 1000;

/** Whole weeks since the baby's birth date (YYYY-MM-DD), as clinicians count them. */
export function postpartumWeeks(babyBirthDate: string, now: Date): number {
  const birth = Date.parse(`${babyBirthDate}T00:00:00Z`);
  return Math.max(0, Math.floor((now.getTime() - birth) / MS_PER_WEEK));
}

import { EPDS_ITEM_COUNT, scoreEpds } from "@wave/shared";
import { careEndDay, clinicDay, clinicTime, dayOf, type ClientContext } from "./context.js";
import { expectedIntensity, type Course } from "./courses.js";
import type { Rng } from "./prng.js";
import type { ScreeningRow } from "./types.js";

/** Highest total items 1-9 can reach; item 10 is set apart (self-harm). */
const MAX_WITHOUT_ITEM10 = 27;

/**
 * Which items are reverse-scored, read from the scorer itself so that the
 * answers drawn here can never disagree with how the server scores them.
 */
const REVERSE_SCORED = scoreEpds(Array<number>(EPDS_ITEM_COUNT).fill(0)).itemScores.map((score) => score === 3);

/** Intake totals: DMER with depression alongside is commoner the stronger the DMER (Nguyen 2024). */
const INTAKE_TOTAL: Record<Course, readonly [number, number]> = {
  mild: [1, 7],
  moderate: [4, 11],
  severe: [8, 18],
};

/** Answers (option indices, printed order) whose item scores add up to `total`, item 10 apart. */
export function epdsAnswers(rng: Rng, total: number, item10: number): number[] {
  const scores = Array<number>(EPDS_ITEM_COUNT).fill(0);
  scores[EPDS_ITEM_COUNT - 1] = item10;
  let remaining = Math.min(MAX_WITHOUT_ITEM10, Math.max(0, Math.round(total)));
  while (remaining > 0) {
    const item = rng.int(0, EPDS_ITEM_COUNT - 2);
    const score = scores[item] ?? 0;
    if (score < 3) {
      scores[item] = score + 1;
      remaining--;
    }
  }
  return scores.map((score, item) => (REVERSE_SCORED[item] ? 3 - score : score));
}

function screening(rng: Rng, context: ClientContext, takenAt: Date, answers: number[]): ScreeningRow {
  const { total, item10 } = scoreEpds(answers);
  return {
    practice_id: context.practiceId,
    id: rng.uuid(),
    client_id: context.clientId,
    instrument: "epds",
    taken_at: takenAt,
    answers,
    total,
    item10,
    recorded_by: context.consultantId,
    created_at: takenAt,
  };
}

/**
 * One to three EPDS screenings: usually at intake, then every three to six
 * weeks; totals follow the DMER's course. A self-harm report made through the
 * EPDS (item 10 above 0) is the last one, at `selfHarmAt`.
 */
export function planScreenings(rng: Rng, context: ClientContext, selfHarmAt: Date | null): ScreeningRow[] {
  const { profile } = context;
  const [low, high] = INTAKE_TOTAL[profile.course];
  const intakeTotal = rng.float(low, high);
  const totalOn = (day: number) =>
    intakeTotal + 0.9 * (expectedIntensity(profile, day) - expectedIntensity(profile, 0)) + rng.normal(0, 1.5);

  const lastDay = (selfHarmAt ? dayOf(context, selfHarmAt) - 7 : Math.min(careEndDay(context), context.historyDays)) - 0.5;
  const maxRoutine = selfHarmAt ? 2 : 3;
  const days: number[] = [];
  let day = rng.chance(0.85) ? rng.float(0, 1) : rng.float(5, 20);
  if (day > lastDay && !selfHarmAt) day = rng.float(0, lastDay);
  while (day <= lastDay && days.length < maxRoutine) {
    days.push(clinicDay(context, day));
    day += rng.float(21, 42);
  }

  const screenings = days.map((routineDay) =>
    screening(rng, context, clinicTime(context, routineDay), epdsAnswers(rng, totalOn(routineDay), 0)),
  );
  if (selfHarmAt) {
    const total = Math.max(totalOn(dayOf(context, selfHarmAt)), rng.float(12, 18));
    screenings.push(screening(rng, context, selfHarmAt, epdsAnswers(rng, total, rng.chance(0.7) ? 1 : 2)));
  }
  return screenings;
}

import type { Role } from "@wave/shared";
import { planClient } from "./client.js";
import { COURSE_MIX, type Course } from "./courses.js";
import { Rng } from "./prng.js";
import { addDays, startOfUtcDay } from "./time.js";
import type { PracticePlan, SeedSummary, SelfHarmPlan, StaffRow } from "./types.js";
import { CLIENT_FIRST_NAMES, LAST_INITIALS } from "./vocabulary.js";

export interface StaffSpec {
  email: string;
  name: string;
  role: Role;
}

export interface PracticeSpec {
  /** Names the random stream: the same key and `now` always give the same practice. */
  key: string;
  name: string;
  /** What the client's self-report page shows; synthetic practices have none. */
  phone?: string;
  crisisLine?: string;
  staff: readonly StaffSpec[];
  /** Spread evenly over the consultants (over the lead when there are none). */
  clients: number;
  episodesPerClient: number;
  now: Date;
}

/** A caseload this large always has one urgent self-harm report (the demo's promise). */
const CASELOAD_WITH_URGENT_REPORT = 10;
/** Odds of an earlier self-harm report that was followed up; keeps self-harm at a few percent. */
const FOLLOWED_UP_SELF_HARM_ODDS: Record<Course, number> = { mild: 0, moderate: 0.015, severe: 0.06 };
/** Odds of an urgent report per severe client when the caseload is too small to promise one. */
const URGENT_ODDS_SMALL_CASELOAD = 0.03;

/** "Maya R.": a first name and an initial, unique in the practice while names last. */
function displayNames(rng: Rng, count: number): string[] {
  const used = new Set<string>();
  return Array.from({ length: count }, () => {
    let name = "";
    for (let attempt = 0; attempt < 8; attempt++) {
      name = `${rng.pick(CLIENT_FIRST_NAMES)} ${rng.pick([...LAST_INITIALS])}.`;
      if (!used.has(name)) break;
    }
    used.add(name);
    return name;
  });
}

/**
 * Who reports thoughts of self-harm. Each consultant with a real caseload has
 * one urgent report, from their first severe client (else moderate); a few
 * others reported one weeks ago and were followed up the same day.
 */
function assignSelfHarm(rng: Rng, courses: readonly Course[], caseloads: readonly number[][]): (SelfHarmPlan | null)[] {
  const plans: (SelfHarmPlan | null)[] = courses.map((course, index) => {
    const odds = rng.fork(`self-harm/${index}`);
    return odds.chance(FOLLOWED_UP_SELF_HARM_ODDS[course])
      ? { status: "followed_up", channel: odds.chance(0.5) ? "episode" : "epds" }
      : null;
  });
  caseloads.forEach((caseload, consultantIndex) => {
    // Alternate the channel so both kinds of report show up in the demo.
    const channel = consultantIndex % 2 === 0 ? "episode" : "epds";
    if (caseload.length >= CASELOAD_WITH_URGENT_REPORT) {
      const urgent =
        caseload.find((index) => courses[index] === "severe") ??
        caseload.find((index) => courses[index] === "moderate") ??
        caseload[0];
      if (urgent !== undefined) plans[urgent] = { status: "urgent", channel };
      return;
    }
    for (const index of caseload) {
      if (courses[index] === "severe" && rng.fork(`urgent/${index}`).chance(URGENT_ODDS_SMALL_CASELOAD)) {
        plans[index] = { status: "urgent", channel };
      }
    }
  });
  return plans;
}

/** The whole practice as rows, computed without touching the database. */
export function planPractice(spec: PracticeSpec): PracticePlan {
  const rng = new Rng(spec.key);
  const ids = rng.fork("ids");
  const practiceId = ids.uuid();
  const practiceCreatedAt = addDays(startOfUtcDay(spec.now), -400);
  const staff: StaffRow[] = spec.staff.map((member, index) => ({
    practice_id: practiceId,
    id: ids.uuid(),
    email: member.email,
    name: member.name,
    role: member.role,
    created_at: addDays(practiceCreatedAt, index),
  }));
  const consultants = staff.filter((member) => member.role === "consultant");
  const carers = consultants.length > 0 ? consultants : staff;
  if (carers.length === 0 && spec.clients > 0) throw new RangeError("a practice with clients needs staff");

  const clientRngs = Array.from({ length: spec.clients }, (_, index) => rng.fork(`client/${index}`));
  const courses = clientRngs.map((clientRng) => clientRng.fork("course-kind").weighted(COURSE_MIX));
  const caseloads = carers.map((_, carerIndex) =>
    courses.map((_, index) => index).filter((index) => index % carers.length === carerIndex),
  );
  const selfHarm = assignSelfHarm(rng.fork("self-harm"), courses, caseloads);
  const names = displayNames(rng.fork("names"), spec.clients);

  const clients = clientRngs.map((clientRng, index) =>
    planClient(clientRng, {
      practiceId,
      consultantId: (carers[index % carers.length] as StaffRow).id,
      displayName: names[index] ?? "Client",
      course: courses[index] ?? "mild",
      selfHarm: selfHarm[index] ?? null,
      episodesPerClient: spec.episodesPerClient,
      now: spec.now,
    }),
  );
  const practice = { id: practiceId, name: spec.name, phone: spec.phone ?? null, crisis_line: spec.crisisLine ?? null, created_at: practiceCreatedAt };
  return { practice, staff, clients };
}

export function emptySummary(): SeedSummary {
  return {
    practices: 0,
    users: 0,
    clients: 0,
    episodes: 0,
    interventions: 0,
    outcomes: 0,
    screenings: 0,
    followUps: 0,
    notes: 0,
  };
}

export function addSummaries(a: SeedSummary, b: SeedSummary): SeedSummary {
  const sum = emptySummary();
  for (const key of Object.keys(sum) as (keyof SeedSummary)[]) sum[key] = a[key] + b[key];
  return sum;
}

export function summarizePlan(plan: PracticePlan): SeedSummary {
  const count = (pick: (client: PracticePlan["clients"][number]) => readonly unknown[]) =>
    plan.clients.reduce((sum, client) => sum + pick(client).length, 0);
  return {
    practices: 1,
    users: plan.staff.length,
    clients: plan.clients.length,
    episodes: count((client) => client.episodes),
    interventions: count((client) => client.interventions),
    outcomes: count((client) => client.outcomes),
    screenings: count((client) => client.screenings),
    followUps: count((client) => client.followUps),
    notes: count((client) => client.notes),
  };
}

import type { Kysely } from "kysely";
import { hashPassword } from "../passwords.js";
import type { Database } from "../schema.js";
import { existingEmails, SeedConflictError } from "./database.js";
import { DEMO_PASSWORD } from "./demo.js";
import { insertPlan } from "./insert.js";
import { addSummaries, emptySummary, planPractice, type PracticeSpec, type StaffSpec } from "./plan.js";
import { Rng } from "./prng.js";
import type { SeedSummary } from "./types.js";
import { STAFF_FIRST_NAMES, STAFF_LAST_NAMES } from "./vocabulary.js";

export interface SyntheticOptions {
  practices: number;
  clientsPerPractice: number;
  episodesPerClient: number;
  seed: number;
  now?: Date;
  /** Default: one consultant per 40 clients, as in the demo. */
  consultantsPerPractice?: number;
}

export interface SyntheticResult extends SeedSummary {
  signIns: { email: string; role: string }[];
}

function requireInteger(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
  }
}

export function consultantsFor(options: SyntheticOptions): number {
  return options.consultantsPerPractice ?? Math.max(1, Math.round(options.clientsPerPractice / 40));
}

/** Practice `number` (1-based) of a synthetic run: lead@practice-N.test, consultant-K@practice-N.test. */
export function syntheticPracticeSpec(options: SyntheticOptions, number: number, now: Date): PracticeSpec {
  const key = `synthetic/${options.seed}/${number}`;
  const names = new Rng(`${key}/staff`);
  const person = () => `${names.pick(STAFF_FIRST_NAMES)} ${names.pick(STAFF_LAST_NAMES)}`;
  const domain = `practice-${number}.test`;
  const staff: StaffSpec[] = [
    { email: `lead@${domain}`, name: person(), role: "lead" },
    ...Array.from({ length: consultantsFor(options) }, (_, index): StaffSpec => ({
      email: `consultant-${index + 1}@${domain}`,
      name: person(),
      role: "consultant",
    })),
  ];
  return {
    key,
    name: `Practice ${number}`,
    staff,
    clients: options.clientsPerPractice,
    episodesPerClient: options.episodesPerClient,
    now,
  };
}

/**
 * Seeds `practices` synthetic practices with the demo's generator, one
 * transaction per practice, planning each just before it is written so that
 * memory stays flat however many practices are asked for.
 */
export async function seedSynthetic(db: Kysely<Database>, options: SyntheticOptions): Promise<SyntheticResult> {
  requireInteger("practices", options.practices, 1);
  requireInteger("clientsPerPractice", options.clientsPerPractice, 0);
  requireInteger("episodesPerClient", options.episodesPerClient, 0);
  requireInteger("seed", options.seed, 0);
  requireInteger("consultantsPerPractice", consultantsFor(options), 1);
  const now = options.now ?? new Date();
  const specs = Array.from({ length: options.practices }, (_, index) => syntheticPracticeSpec(options, index + 1, now));
  const signIns = specs.flatMap((spec) => spec.staff.map((member) => ({ email: member.email, role: member.role })));

  const taken = await existingEmails(
    db,
    signIns.map((signIn) => signIn.email),
  );
  if (taken.length > 0) {
    throw new SeedConflictError(
      `Synthetic practices already exist (${taken.length} of their sign-ins are taken); use a fresh database`,
    );
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let summary = emptySummary();
  for (const spec of specs) summary = addSummaries(summary, await insertPlan(db, planPractice(spec), passwordHash));
  return { ...summary, signIns };
}

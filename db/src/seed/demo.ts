import type { Kysely } from "kysely";
import { hashPassword } from "../passwords.js";
import type { Database } from "../schema.js";
import { existingEmails, SeedConflictError } from "./database.js";
import { insertPlan } from "./insert.js";
import { addSummaries, emptySummary, planPractice, type StaffSpec } from "./plan.js";
import type { PracticePlan, SeedSummary } from "./types.js";

/** The demo's shared password (CONTRACT.md): public by design, for demo data only. */
export const DEMO_PASSWORD = "demo-password";

const DEMO_CLIENTS_PER_CONSULTANT = 40;
const DEMO_EPISODES_PER_CLIENT = 45;

interface DemoPractice {
  /** Fixed: the demo is the same every time, apart from being dated relative to now. */
  key: string;
  name: string;
  phone: string;
  crisisLine?: string;
  staff: readonly (StaffSpec & { role: "lead" | "consultant" })[];
}

const DEMO_PRACTICES: readonly DemoPractice[] = [
  {
    key: "demo/be-well-baby",
    name: "Be Well Baby",
    // 555-01xx numbers are reserved for fiction.
    phone: "(555) 010-4477",
    staff: [
      { email: "lead@bewellbaby.test", name: "Dana Whitfield", role: "lead" },
      { email: "emily@bewellbaby.test", name: "Emily Carter", role: "consultant" },
      { email: "sam@bewellbaby.test", name: "Sam Okafor", role: "consultant" },
    ],
  },
  {
    key: "demo/north-shore-lactation",
    name: "North Shore Lactation",
    phone: "(555) 010-8120",
    crisisLine: "988 Suicide & Crisis Lifeline",
    staff: [
      { email: "lead@northshore.test", name: "Priya Raman", role: "lead" },
      { email: "alex@northshore.test", name: "Alex Moreno", role: "consultant" },
    ],
  },
];

export const DEMO_SIGN_INS: { practice: string; email: string; role: "lead" | "consultant"; name: string }[] =
  DEMO_PRACTICES.flatMap((practice) =>
    practice.staff.map(({ email, role, name }) => ({ practice: practice.name, email, role, name })),
  );

/** The demo practices as rows, without touching the database. */
export function planDemo(now: Date): PracticePlan[] {
  return DEMO_PRACTICES.map((practice) =>
    planPractice({
      key: practice.key,
      name: practice.name,
      phone: practice.phone,
      ...(practice.crisisLine ? { crisisLine: practice.crisisLine } : {}),
      staff: practice.staff,
      clients: DEMO_CLIENTS_PER_CONSULTANT * practice.staff.filter((member) => member.role === "consultant").length,
      episodesPerClient: DEMO_EPISODES_PER_CLIENT,
      now,
    }),
  );
}

/** True when any demo user exists: seeding again would clash. */
export async function hasDemoPractices(db: Kysely<Database>): Promise<boolean> {
  const taken = await existingEmails(
    db,
    DEMO_SIGN_INS.map((signIn) => signIn.email),
  );
  return taken.length > 0;
}

/** Seeds the demo practices of CONTRACT.md, dated relative to `now` (default: the current time). */
export async function seedDemo(db: Kysely<Database>, options: { now?: Date } = {}): Promise<SeedSummary> {
  if (await hasDemoPractices(db)) throw new SeedConflictError("The demo practices already exist");
  const now = options.now ?? new Date();
  // argon2 is slow on purpose: hash once, share it among the demo users.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let summary = emptySummary();
  for (const plan of planDemo(now)) summary = addSummaries(summary, await insertPlan(db, plan, passwordHash));
  return summary;
}

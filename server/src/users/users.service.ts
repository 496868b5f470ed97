import type { Kysely } from "kysely";
import { withActor, type Actor, type Database } from "@wave/db";
import { listStaff, type StaffMember } from "./users.repository.js";

/** A lead's view of the practice's staff (for filters, assignment and administration). */
export async function listPracticeStaff(db: Kysely<Database>, actor: Actor): Promise<StaffMember[]> {
  return withActor(db, actor, (tx) => listStaff(tx));
}

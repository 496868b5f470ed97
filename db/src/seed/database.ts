import type { Kysely } from "kysely";
import type { Database } from "../schema.js";

/** Seeding would clash with rows already there (sign-in emails are unique). */
export class SeedConflictError extends Error {
  override name = "SeedConflictError";
}

/** True before anything was seeded or created: there is no practice yet. */
export async function isDatabaseEmpty(db: Kysely<Database>): Promise<boolean> {
  const practice = await db.selectFrom("practices").select("id").limit(1).executeTakeFirst();
  return practice === undefined;
}

/** Which of these sign-in emails are already taken (emails are unique across practices). */
export async function existingEmails(db: Kysely<Database>, emails: readonly string[]): Promise<string[]> {
  if (emails.length === 0) return [];
  const rows = await db.selectFrom("users").select("email").where("email", "in", [...emails]).execute();
  return rows.map((row) => row.email);
}

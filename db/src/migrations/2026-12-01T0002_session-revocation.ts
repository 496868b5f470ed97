import { sql, type Kysely } from "kysely";
import { APP_ROLE } from "./2026-11-26T0001_row-level-security.js";

// Frozen once landed. A password change ends the user's other sessions
// (a stolen cookie must not outlive the password it was stolen with), but
// sessions_by_token reaches only the caller's own token and sessions_lead only
// a lead. These let a signed-in user see and delete, never write, their own
// sessions (a DELETE with a WHERE needs the rows visible to SELECT too); the
// rows hold token hashes only, so seeing them signs nobody in.

const OWN = "practice_id = wave_current_practice_id() and user_id = wave_current_user_id()";

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`create policy sessions_own_read on sessions for select to ${APP_ROLE} using (${OWN})`).execute(db);
  await sql.raw(`create policy sessions_own_delete on sessions for delete to ${APP_ROLE} using (${OWN})`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop policy if exists sessions_own_delete on sessions`).execute(db);
  await sql.raw(`drop policy if exists sessions_own_read on sessions`).execute(db);
}

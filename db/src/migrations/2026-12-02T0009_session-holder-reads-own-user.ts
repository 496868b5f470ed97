import { sql, type Kysely } from "kysely";
import { APP_ROLE } from "./2026-11-26T0001_row-level-security.js";

// Frozen once landed. The holder of a session's token reads that session's
// own user row and its practice's row, so the session lookup finds the
// session and its user in one statement instead of three (the session, the
// identity set from it, then the user: docs/decisions/0035-cheaper-requests.md).
// Holding the token already makes one that user for every call, so this
// shows nothing the token does not already give. Each policy compares with
// an uncorrelated subquery, which Postgres runs once per statement (an
// InitPlan), never once per row; without a session token set it matches nothing.

const SESSION_TOKEN = "nullif(current_setting('wave.session_token_hash', true), '')";

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `create policy users_session_holder on users for select to ${APP_ROLE}
         using ((practice_id, id) = (select s.practice_id, s.user_id from sessions s where s.token_hash = ${SESSION_TOKEN}))`,
    )
    .execute(db);
  await sql
    .raw(
      `create policy practices_session_holder on practices for select to ${APP_ROLE}
         using (id = (select s.practice_id from sessions s where s.token_hash = ${SESSION_TOKEN}))`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop policy if exists practices_session_holder on practices`).execute(db);
  await sql.raw(`drop policy if exists users_session_holder on users`).execute(db);
}

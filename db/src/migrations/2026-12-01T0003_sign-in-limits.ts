import { sql, type Kysely } from "kysely";
import { APP_ROLE } from "./2026-11-26T0001_row-level-security.js";

// Frozen once landed.
//
// sign_in_attempts: the shared counters of the brute-force limits
// (server/src/auth/attempt-limits.ts, docs/decisions/0020). The layout is the
// one rate-limiter-flexible's RateLimiterPostgres reads and writes; created
// here rather than by the library so the application role never needs
// CREATE. Keys are SHA-256 hashes of "account:<email>" or "address:<ip>", so
// the table names nobody; it has no practice_id (an unknown email belongs to
// no practice) and so no row-level security: it holds counts, nothing else.
//
// sessions.user_agent: lets a user tell their sessions apart when ending one
// ("Firefox on Linux, signed in Tuesday"); a browser's own description, never
// health data.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table sign_in_attempts (
      key varchar(255) primary key,
      points integer not null default 0,
      expire bigint
    )`.execute(db);
  await sql.raw(`grant select, insert, update, delete on sign_in_attempts to ${APP_ROLE}`).execute(db);
  await sql`alter table sessions add column user_agent text`.execute(db);
  await sql`alter table sessions add constraint sessions_user_agent_length check (char_length(user_agent) <= 200)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table sessions drop column if exists user_agent`.execute(db);
  await sql`drop table if exists sign_in_attempts`.execute(db);
}

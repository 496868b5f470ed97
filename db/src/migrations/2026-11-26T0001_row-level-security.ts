import { sql, type Kysely } from "kysely";

// The application role: owns nothing, cannot bypass row-level security, and
// is entered per transaction with SET LOCAL ROLE (docs/decisions/0003-rls.md).
export const APP_ROLE = "wave_app";

const PRACTICE_TABLES_UNDER_A_CLIENT = ["episodes", "interventions", "screenings", "follow_ups", "notes"] as const;
const ALL_TABLES = [
  "practices",
  "users",
  "sessions",
  "clients",
  "episodes",
  "interventions",
  "intervention_outcomes",
  "screenings",
  "follow_ups",
  "notes",
  "audit_log",
] as const;

async function run(db: Kysely<any>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await run(db, [
    // Roles are cluster-wide: several databases (one per test run) share one.
    `do $$ begin
       create role ${APP_ROLE} nologin;
     exception when duplicate_object then null;
     end $$`,
    `do $$ begin
       execute format('grant ${APP_ROLE} to %I', current_user);
     exception when others then null;
     end $$`,
    `create function wave_current_user_id() returns uuid language sql stable as
       $$ select nullif(current_setting('wave.user_id', true), '')::uuid $$`,
    `create function wave_current_practice_id() returns uuid language sql stable as
       $$ select nullif(current_setting('wave.practice_id', true), '')::uuid $$`,
    `create function wave_current_role() returns text language sql stable as
       $$ select nullif(current_setting('wave.role', true), '') $$`,
    `grant usage on schema public to ${APP_ROLE}`,
    `grant execute on function wave_current_user_id(), wave_current_practice_id(), wave_current_role() to ${APP_ROLE}`,
  ]);

  for (const table of ALL_TABLES) {
    await run(db, [`alter table ${table} enable row level security`, `alter table ${table} force row level security`]);
  }

  await run(db, [
    // Grants: least privilege. audit_log is append-only for the application.
    `grant select on practices to ${APP_ROLE}`,
    `grant select, insert, update on users to ${APP_ROLE}`,
    `grant select, insert, update, delete on sessions to ${APP_ROLE}`,
    `grant select, insert, update on clients to ${APP_ROLE}`,
    `grant select, insert, update on episodes, interventions, intervention_outcomes, screenings, follow_ups, notes to ${APP_ROLE}`,
    `grant select, insert on audit_log to ${APP_ROLE}`,

    `create policy practices_own on practices for select to ${APP_ROLE}
       using (id = wave_current_practice_id())`,

    // A user row is visible within its practice, and by email during the
    // sign-in transaction, which knows the email before it knows a practice.
    `create policy users_read on users for select to ${APP_ROLE}
       using (practice_id = wave_current_practice_id()
              or email = nullif(current_setting('wave.login_email', true), ''))`,
    `create policy users_lead_write on users for insert to ${APP_ROLE}
       with check (practice_id = wave_current_practice_id() and wave_current_role() = 'lead')`,
    `create policy users_update on users for update to ${APP_ROLE}
       using (practice_id = wave_current_practice_id()
              and (wave_current_role() = 'lead' or id = wave_current_user_id()))`,

    // A session is reachable by whoever holds its token (its hash is set per
    // transaction), or by a lead of its practice ending a colleague's sessions.
    `create policy sessions_by_token on sessions for all to ${APP_ROLE}
       using (token_hash = nullif(current_setting('wave.session_token_hash', true), ''))
       with check (token_hash = nullif(current_setting('wave.session_token_hash', true), ''))`,
    `create policy sessions_lead on sessions for all to ${APP_ROLE}
       using (practice_id = wave_current_practice_id() and wave_current_role() = 'lead')`,

    // A consultant reaches only the clients assigned to them; a lead the whole practice.
    `create policy clients_access on clients for all to ${APP_ROLE}
       using (practice_id = wave_current_practice_id()
              and (wave_current_role() = 'lead' or primary_consultant_id = wave_current_user_id()))
       with check (practice_id = wave_current_practice_id()
              and (wave_current_role() = 'lead' or primary_consultant_id = wave_current_user_id()))`,

    `create policy outcomes_access on intervention_outcomes for all to ${APP_ROLE}
       using (practice_id = wave_current_practice_id() and exists (
         select 1 from interventions i
          where i.practice_id = intervention_outcomes.practice_id and i.id = intervention_outcomes.intervention_id))
       with check (practice_id = wave_current_practice_id() and exists (
         select 1 from interventions i
          where i.practice_id = intervention_outcomes.practice_id and i.id = intervention_outcomes.intervention_id))`,

    `create policy audit_insert on audit_log for insert to ${APP_ROLE}
       with check (practice_id = wave_current_practice_id())`,
    `create policy audit_lead_read on audit_log for select to ${APP_ROLE}
       using (practice_id = wave_current_practice_id() and wave_current_role() = 'lead')`,
  ]);

  // Rows that hang off a client are visible exactly when the client is: the
  // subquery on clients is itself filtered by the clients policy.
  for (const table of PRACTICE_TABLES_UNDER_A_CLIENT) {
    const clientVisible = `practice_id = wave_current_practice_id() and exists (
         select 1 from clients c where c.practice_id = ${table}.practice_id and c.id = ${table}.client_id)`;
    await run(db, [
      `create policy ${table}_access on ${table} for all to ${APP_ROLE}
         using (${clientVisible}) with check (${clientVisible})`,
    ]);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of PRACTICE_TABLES_UNDER_A_CLIENT) {
    await run(db, [`drop policy if exists ${table}_access on ${table}`]);
  }
  await run(db, [
    `drop policy if exists audit_lead_read on audit_log`,
    `drop policy if exists audit_insert on audit_log`,
    `drop policy if exists outcomes_access on intervention_outcomes`,
    `drop policy if exists clients_access on clients`,
    `drop policy if exists sessions_lead on sessions`,
    `drop policy if exists sessions_by_token on sessions`,
    `drop policy if exists users_update on users`,
    `drop policy if exists users_lead_write on users`,
    `drop policy if exists users_read on users`,
    `drop policy if exists practices_own on practices`,
  ]);
  for (const table of ALL_TABLES) {
    await run(db, [`alter table ${table} no force row level security`, `alter table ${table} disable row level security`]);
    await run(db, [`revoke all on ${table} from ${APP_ROLE}`]);
  }
  await run(db, [
    `drop function if exists wave_current_role()`,
    `drop function if exists wave_current_practice_id()`,
    `drop function if exists wave_current_user_id()`,
    `revoke usage on schema public from ${APP_ROLE}`,
  ]);
  // The role itself stays: it is cluster-wide and other databases may use it.
}

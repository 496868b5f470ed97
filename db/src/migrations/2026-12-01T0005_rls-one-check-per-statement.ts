import { sql, type Kysely } from "kysely";
import { APP_ROLE } from "./2026-11-26T0001_row-level-security.js";

// Frozen once landed. Row-level security at one check per statement
// (docs/decisions/0027-rls-one-check-per-statement.md).
//
// Until now every row under a client was visible when an EXISTS on clients
// found its client, and Postgres ran that subquery once per row examined: most
// of the buffers of the lead's caseload and of the effectiveness query. Now
// each such row carries its client's primary consultant (consultant_id), and
// the staff policies compare columns with the transaction's identity, no
// subquery:
//   practice_id = (select wave_current_practice_id())
//   and ((select wave_current_role()) = 'lead' or consultant_id = (select wave_current_user_id()))
// which is exactly what the clients policy says about the client itself (it
// is restated here in the same form). Each identity is an InitPlan, evaluated
// once per statement; the comparisons per row are with parameters.
//
// consultant_id is never the writer's to choose:
// - on insert (and on an update that names the client or the column) a
//   BEFORE ROW trigger overwrites it from the client row. It runs as the
//   migrations' owner with row_security off, so it reads the client even for a
//   link holder, who cannot see clients; an owner who could not bypass
//   row-level security gets an error rather than a silently empty lookup.
//   A row must be set before it is written, so this one trigger is per row;
//   it is one primary-key lookup.
// - when a client moves to another consultant (clients.assign), an AFTER
//   UPDATE trigger on clients moves every row under it in the same
//   transaction. Per client row, and only when primary_consultant_id really
//   changed (WHEN), so every other update of a client costs nothing.
// Then WITH CHECK needs no lookup either: consultant_id is the client's, so a
// consultant's write under a colleague's client carries the colleague's id
// and is refused.
//
// The link holder's read policies keep their rule, its role check now
// evaluated once; their two lookups of what the link itself sent move into a
// function (wave_link_sent) that runs only once the role check has passed, so
// staff plans hold no subplan for them.

/** Every table whose rows hang off a client by client_id, with its staff policy before this migration. */
const CLIENT_CHILD_TABLES = [
  { table: "episodes", policy: "episodes_access" },
  { table: "interventions", policy: "interventions_access" },
  { table: "screenings", policy: "screenings_access" },
  { table: "follow_ups", policy: "follow_ups_access" },
  { table: "notes", policy: "notes_access" },
  { table: "safety_alerts", policy: "safety_alerts_access" },
  { table: "self_report_links", policy: "self_report_links_staff" },
  { table: "epds_requests", policy: "epds_requests_staff" },
] as const;

// Each identity function in a scalar subquery: Postgres evaluates it once per
// statement (an InitPlan) and compares a parameter per row, where the bare
// call (inlined to current_setting) was evaluated again for every row.
const PRACTICE = "(select wave_current_practice_id())";
const ROLE = "(select wave_current_role())";
const USER = "(select wave_current_user_id())";
const staffSees = (consultantColumn: string) => `practice_id = ${PRACTICE}
  and (${ROLE} = 'lead' or ${consultantColumn} = ${USER})`;
const STAFF_SEES_ROW = staffSees("consultant_id");

/** The link holder's rule as T0004 states it, its role check first and evaluated once, so staff stop there. */
const LINK_HOLDS = `${ROLE} = 'client_link' and practice_id = wave_current_practice_id()
  and client_id = wave_current_client_id() and wave_link_is_held()`;

/** The policies as 2026-11-26T0001, T0000 and T0004 wrote them, for down(). */
const T0001_CLIENTS_ACCESS = `practice_id = wave_current_practice_id()
  and (wave_current_role() = 'lead' or primary_consultant_id = wave_current_user_id())`;
const T0004_LINK_HOLDS = `wave_current_role() = 'client_link' and practice_id = wave_current_practice_id()
  and client_id = wave_current_client_id() and wave_link_is_held()`;
const clientVisible = (table: string) => `practice_id = wave_current_practice_id() and exists (
  select 1 from clients c where c.practice_id = ${table}.practice_id and c.id = ${table}.client_id)`;
const interventionVisible = `practice_id = wave_current_practice_id() and exists (
  select 1 from interventions i
   where i.practice_id = intervention_outcomes.practice_id and i.id = intervention_outcomes.intervention_id)`;

async function run(db: Kysely<any>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** Triggers of 2026-11-26T0000 and 2026-12-01T0001 that an update of consultant_id alone need not fire. */
const PAUSED_FOR_BACKFILL: Record<string, string[]> = {
  episodes: ["episodes_notify_update"],
  interventions: ["interventions_notify_update"],
  intervention_outcomes: ["intervention_outcomes_notify_update"],
  screenings: ["screenings_notify_update"],
  follow_ups: ["follow_ups_notify_update", "follow_ups_refresh_next"],
  notes: ["notes_notify_update"],
  safety_alerts: ["safety_alerts_notify_update"],
};

async function backfill(db: Kysely<any>, table: string, update: string): Promise<void> {
  const paused = PAUSED_FOR_BACKFILL[table] ?? [];
  await run(db, [`alter table ${table} add column consultant_id uuid`]);
  if (paused.length) await run(db, [`alter table ${table} ${paused.map((name) => `disable trigger ${name}`).join(", ")}`]);
  await run(db, [update]);
  if (paused.length) await run(db, [`alter table ${table} ${paused.map((name) => `enable trigger ${name}`).join(", ")}`]);
  await run(db, [`alter table ${table} alter column consultant_id set not null`]);
}

export async function up(db: Kysely<any>): Promise<void> {
  // The column, filled from the clients as they are now. The backfill changes
  // nothing a screen shows or next_follow_up_at rests on, so the triggers that
  // would notify or recompute per row are paused for it.
  for (const { table } of CLIENT_CHILD_TABLES) {
    await backfill(
      db,
      table,
      `update ${table} t set consultant_id = c.primary_consultant_id
         from clients c where c.practice_id = t.practice_id and c.id = t.client_id`,
    );
  }
  await backfill(
    db,
    "intervention_outcomes",
    `update intervention_outcomes o set consultant_id = i.consultant_id
       from interventions i where i.practice_id = o.practice_id and i.id = o.intervention_id`,
  );

  await run(db, [
    // Overwrites consultant_id from the row's client (or, for an outcome, its
    // intervention). A missing parent is the foreign key's error, as before.
    `
    create function wave_set_row_consultant() returns trigger
    language plpgsql security definer
    set search_path = pg_catalog, public
    set row_security = off
    as $fn$
    begin
      if tg_table_name = 'intervention_outcomes' then
        select i.consultant_id into new.consultant_id from public.interventions i
         where i.practice_id = new.practice_id and i.id = new.intervention_id;
      else
        select c.primary_consultant_id into new.consultant_id from public.clients c
         where c.practice_id = new.practice_id and c.id = new.client_id;
      end if;
      if new.consultant_id is null then
        raise exception 'insert or update on table "%" violates foreign key constraint', tg_table_name
          using errcode = 'foreign_key_violation', table = tg_table_name;
      end if;
      return new;
    end
    $fn$
    `,
    `revoke all on function wave_set_row_consultant() from public`,

    // Moves the rows under a reassigned client with it. Interventions move
    // before their outcomes, whose trigger reads the intervention's.
    `
    create function wave_move_client_rows() returns trigger
    language plpgsql security definer
    set search_path = pg_catalog, public
    set row_security = off
    as $fn$
    begin
      ${CLIENT_CHILD_TABLES.map(
        ({ table }) => `update public.${table} set consultant_id = new.primary_consultant_id
         where practice_id = new.practice_id and client_id = new.id;`,
      ).join("\n      ")}
      update public.intervention_outcomes o set consultant_id = new.primary_consultant_id
        from public.interventions i
       where i.practice_id = new.practice_id and i.client_id = new.id
         and o.practice_id = i.practice_id and o.intervention_id = i.id;
      return null;
    end
    $fn$
    `,
    `revoke all on function wave_move_client_rows() from public`,
    `create trigger clients_move_rows after update of primary_consultant_id on clients
       for each row when (old.primary_consultant_id is distinct from new.primary_consultant_id)
       execute function wave_move_client_rows()`,
  ]);

  for (const { table } of CLIENT_CHILD_TABLES) {
    await run(db, [
      `create trigger ${table}_set_consultant before insert or update of practice_id, client_id, consultant_id on ${table}
         for each row execute function wave_set_row_consultant()`,
    ]);
  }
  await run(db, [
    `create trigger intervention_outcomes_set_consultant
       before insert or update of practice_id, intervention_id, consultant_id on intervention_outcomes
       for each row execute function wave_set_row_consultant()`,
  ]);

  // The staff policies: columns against the identity, nothing else.
  for (const { table, policy } of CLIENT_CHILD_TABLES) {
    await run(db, [
      `drop policy ${policy} on ${table}`,
      `create policy ${policy} on ${table} for all to ${APP_ROLE}
         using (${STAFF_SEES_ROW}) with check (${STAFF_SEES_ROW})`,
    ]);
  }
  await run(db, [
    `drop policy outcomes_access on intervention_outcomes`,
    `create policy outcomes_access on intervention_outcomes for all to ${APP_ROLE}
       using (${STAFF_SEES_ROW}) with check (${STAFF_SEES_ROW})`,
  ]);

  // The clients policy itself, unchanged in meaning, with the identity evaluated once.
  await run(db, [
    `drop policy clients_access on clients`,
    `create policy clients_access on clients for all to ${APP_ROLE}
       using (${staffSees("primary_consultant_id")}) with check (${staffSees("primary_consultant_id")})`,
  ]);

  // The link holder's read policies, which every staff read is ORed with:
  // the same rules, the role checked first and once. What its link itself
  // sent (the episodes and screenings it reads are filtered by its own
  // policies) moves into a function, not inlined, so it runs only after the
  // role check before it, never for staff.
  await run(db, [
    `
    create function wave_link_sent(kind text, record_id uuid) returns boolean
    language plpgsql stable
    set search_path = pg_catalog, public
    as $fn$
    begin
      if kind = 'self_report' then
        return exists (select 1 from public.episodes e
                        where e.practice_id = public.wave_current_practice_id() and e.id = record_id);
      elsif kind = 'epds' then
        return exists (select 1 from public.screenings s
                        where s.practice_id = public.wave_current_practice_id() and s.id = record_id);
      end if;
      return false;
    end
    $fn$
    `,
    `grant execute on function wave_link_sent(text, uuid) to ${APP_ROLE}`,
    `drop policy episodes_link_read on episodes`,
    `create policy episodes_link_read on episodes for select to ${APP_ROLE}
       using (${LINK_HOLDS} and self_report_link_id = wave_current_link_id())`,
    `drop policy screenings_link_read on screenings`,
    `create policy screenings_link_read on screenings for select to ${APP_ROLE}
       using (${LINK_HOLDS} and self_report_link_id = wave_current_link_id())`,
    `drop policy safety_alerts_link_own on safety_alerts`,
    `create policy safety_alerts_link_own on safety_alerts for select to ${APP_ROLE}
       using (${LINK_HOLDS} and source in ('self_report', 'epds') and wave_link_sent(source, source_id))`,
    `drop policy epds_requests_link_open on epds_requests`,
    `create policy epds_requests_link_open on epds_requests for select to ${APP_ROLE}
       using (${LINK_HOLDS} and (fulfilled_at is null or wave_link_sent('epds', screening_id)))`,
  ]);

  // The consultant's own rows of a whole table, without a client to start from.
  await run(db, [
    `create index safety_alerts_consultant_open_idx on safety_alerts (practice_id, consultant_id, raised_at)
       where resolved_at is null`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await run(db, [
    `drop index if exists safety_alerts_consultant_open_idx`,
    `drop policy epds_requests_link_open on epds_requests`,
    `create policy epds_requests_link_open on epds_requests for select to ${APP_ROLE}
       using (${T0004_LINK_HOLDS} and (fulfilled_at is null or exists (
         select 1 from screenings s where s.practice_id = epds_requests.practice_id and s.id = epds_requests.screening_id)))`,
    `drop policy safety_alerts_link_own on safety_alerts`,
    `create policy safety_alerts_link_own on safety_alerts for select to ${APP_ROLE}
       using (${T0004_LINK_HOLDS} and (
         (source = 'self_report' and exists (
            select 1 from episodes e where e.practice_id = safety_alerts.practice_id and e.id = safety_alerts.source_id))
         or (source = 'epds' and exists (
            select 1 from screenings s where s.practice_id = safety_alerts.practice_id and s.id = safety_alerts.source_id))))`,
    `drop policy screenings_link_read on screenings`,
    `create policy screenings_link_read on screenings for select to ${APP_ROLE}
       using (${T0004_LINK_HOLDS} and self_report_link_id = wave_current_link_id())`,
    `drop policy episodes_link_read on episodes`,
    `create policy episodes_link_read on episodes for select to ${APP_ROLE}
       using (${T0004_LINK_HOLDS} and self_report_link_id = wave_current_link_id())`,
    `drop function wave_link_sent(text, uuid)`,
    `drop policy clients_access on clients`,
    `create policy clients_access on clients for all to ${APP_ROLE}
       using (${T0001_CLIENTS_ACCESS}) with check (${T0001_CLIENTS_ACCESS})`,
    `drop policy outcomes_access on intervention_outcomes`,
    `create policy outcomes_access on intervention_outcomes for all to ${APP_ROLE}
       using (${interventionVisible}) with check (${interventionVisible})`,
  ]);
  for (const { table, policy } of CLIENT_CHILD_TABLES) {
    await run(db, [
      `drop policy ${policy} on ${table}`,
      `create policy ${policy} on ${table} for all to ${APP_ROLE}
         using (${clientVisible(table)}) with check (${clientVisible(table)})`,
    ]);
  }
  await run(db, [
    `drop trigger intervention_outcomes_set_consultant on intervention_outcomes`,
    `drop trigger clients_move_rows on clients`,
  ]);
  for (const { table } of CLIENT_CHILD_TABLES) {
    await run(db, [`drop trigger ${table}_set_consultant on ${table}`]);
  }
  await run(db, [`drop function wave_move_client_rows()`, `drop function wave_set_row_consultant()`]);
  for (const table of [...CLIENT_CHILD_TABLES.map(({ table }) => table), "intervention_outcomes"]) {
    await run(db, [`alter table ${table} drop column consultant_id`]);
  }
}

import { sql, type Kysely } from "kysely";

// Frozen once landed. Every committed write to a table whose rows show up in a
// caseload, a review page, a banner or a dashboard tells the app processes
// listening on `wave_changes` which client changed and who may see it, so
// their open screens refresh (docs/decisions/0014-live-updates.md).
//
// The payload is ids and a table name only, never health data:
//   {"p": practice id, "c": client id, "k": table, "u": [consultant ids]}
// "u" names the consultants assigned to the client (for a client row, before
// and after the write, so a reassignment reaches both); the practice's leads
// always receive it. Four uuids and a name stay far below NOTIFY's 8000 bytes.
//
// The function runs as the writer (security invoker). Every write policy's
// WITH CHECK requires the writer to see the client it writes under, and a
// lead sees the whole practice, so the lookups below always find the row for
// a legitimate write. A security definer would not help: the tables FORCE row
// level security, so a non-superuser owner would see nothing at all.
// Postgres delivers at commit, never for a rolled-back write, and folds
// identical notifications of one transaction into one: a bulk insert (the
// seed) sends one per client and table, not one per row.

const LIVE_CHANNEL = "wave_changes";

const WATCHED_TABLES = [
  "clients",
  "episodes",
  "interventions",
  "intervention_outcomes",
  "screenings",
  "follow_ups",
  "notes",
  "safety_alerts",
] as const;

async function run(db: Kysely<any>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await run(db, [
    `
    create function wave_notify_changes() returns trigger
    language plpgsql
    set search_path = pg_catalog, public
    as $fn$
    begin
      if tg_table_name = 'clients' and tg_op = 'UPDATE' then
        perform pg_notify('${LIVE_CHANNEL}', json_build_object(
                  'p', n.practice_id, 'c', n.id, 'k', tg_table_name,
                  'u', array(select distinct v from unnest(array[o.primary_consultant_id, n.primary_consultant_id]) v)
                )::text)
           from changed_rows n
           join previous_rows o on o.practice_id = n.practice_id and o.id = n.id;
      elsif tg_table_name = 'clients' then
        perform pg_notify('${LIVE_CHANNEL}', json_build_object(
                  'p', r.practice_id, 'c', r.id, 'k', tg_table_name, 'u', array[r.primary_consultant_id])::text)
           from changed_rows r;
      elsif tg_table_name = 'intervention_outcomes' then
        -- Outcomes hang off an intervention, not a client.
        perform pg_notify('${LIVE_CHANNEL}', json_build_object(
                  'p', c.practice_id, 'c', c.id, 'k', tg_table_name, 'u', array[c.primary_consultant_id])::text)
           from (select distinct practice_id, intervention_id from changed_rows) r
           join interventions i on i.practice_id = r.practice_id and i.id = r.intervention_id
           join clients c on c.practice_id = i.practice_id and c.id = i.client_id;
      else
        perform pg_notify('${LIVE_CHANNEL}', json_build_object(
                  'p', c.practice_id, 'c', c.id, 'k', tg_table_name, 'u', array[c.primary_consultant_id])::text)
           from (select distinct practice_id, client_id from changed_rows) r
           join clients c on c.practice_id = r.practice_id and c.id = r.client_id;
      end if;
      return null;
    end
    $fn$
    `,
  ]);
  // Statement triggers with transition tables: one lookup per statement and
  // client rather than per row, which keeps bulk inserts (the seed) fast.
  // Postgres allows a transition table on single-event triggers only.
  for (const table of WATCHED_TABLES) {
    await run(db, [
      `create trigger ${table}_notify_insert after insert on ${table}
         referencing new table as changed_rows
         for each statement execute function wave_notify_changes()`,
      `create trigger ${table}_notify_update after update on ${table}
         referencing old table as previous_rows new table as changed_rows
         for each statement execute function wave_notify_changes()`,
      `create trigger ${table}_notify_delete after delete on ${table}
         referencing old table as changed_rows
         for each statement execute function wave_notify_changes()`,
    ]);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of WATCHED_TABLES) {
    await run(db, [
      `drop trigger if exists ${table}_notify_insert on ${table}`,
      `drop trigger if exists ${table}_notify_update on ${table}`,
      `drop trigger if exists ${table}_notify_delete on ${table}`,
    ]);
  }
  await run(db, [`drop function if exists wave_notify_changes()`]);
}

import { sql, type Kysely } from "kysely";

// Frozen once landed. One row per client holding what the caseload ranks and
// filters on, kept by triggers in the transaction of every write that changes
// it, so a caseload page reads one row per client instead of every episode
// (docs/decisions/0026-client-summaries.md).
//
// Exact at every instant:
// - not windowed (latest EPDS, open safety alerts, the client's consultant):
//   rewritten by the write that changes them;
// - windowed (episodes in the last 7 and 30 days, the two 14-day trend
//   windows, the last episode and weaning mention): computed as of
//   `windows_at` and valid until `windows_stale_at`, the first instant an
//   episode crosses a window edge (7, 14, 28 or 30 days after it happened, or
//   the instant a future-dated one comes due). A caseload read outside that
//   span computes the client's windows from episodes instead; a scheduled
//   refresh (wave_client_summaries_refresh_stale) keeps such rows rare.

const APP_ROLE = "wave_app";

async function run(db: Kysely<any>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

const HOUR = (days: number) => `interval '${days * 24} hours'`;

/** Recomputes the summaries of the given clients from the base tables, as of p_now. */
const REFRESH_FUNCTION = `
create function wave_client_summaries_refresh(p_practices uuid[], p_clients uuid[], p_now timestamptz) returns void
language sql volatile security definer set search_path = pg_catalog, public as $fn$
  insert into client_summaries as s (
    practice_id, client_id, consultant_id,
    latest_epds_total, latest_epds_at, open_alerts,
    windows_at, windows_stale_at, last_episode_at, last_weaning_at,
    episodes_7d, episodes_30d, intensity_sum_30d, recent_count, recent_sum, previous_count, previous_sum)
  select c.practice_id, c.id, c.primary_consultant_id,
         epds.total, epds.taken_at, coalesce(alerts.open, 0),
         p_now, w.stale_at, w.last_episode_at, w.last_weaning_at,
         coalesce(w.episodes_7d, 0), coalesce(w.episodes_30d, 0), coalesce(w.intensity_sum_30d, 0),
         coalesce(w.recent_count, 0), coalesce(w.recent_sum, 0), coalesce(w.previous_count, 0), coalesce(w.previous_sum, 0)
    from (select distinct * from unnest(p_practices, p_clients) as keys(practice_id, client_id)) as k
    join clients c on c.practice_id = k.practice_id and c.id = k.client_id
    left join lateral (
      select
        max(e.occurred_at) filter (where e.occurred_at <= p_now) as last_episode_at,
        max(e.occurred_at) filter (where e.occurred_at <= p_now and e.impact = 'considering_weaning') as last_weaning_at,
        count(*) filter (where e.occurred_at > p_now - ${HOUR(7)} and e.occurred_at <= p_now) as episodes_7d,
        count(*) filter (where e.occurred_at > p_now - ${HOUR(30)} and e.occurred_at <= p_now) as episodes_30d,
        sum(e.intensity) filter (where e.occurred_at > p_now - ${HOUR(30)} and e.occurred_at <= p_now) as intensity_sum_30d,
        count(*) filter (where e.occurred_at > p_now - ${HOUR(14)} and e.occurred_at <= p_now) as recent_count,
        sum(e.intensity) filter (where e.occurred_at > p_now - ${HOUR(14)} and e.occurred_at <= p_now) as recent_sum,
        count(*) filter (where e.occurred_at > p_now - ${HOUR(28)} and e.occurred_at <= p_now - ${HOUR(14)}) as previous_count,
        sum(e.intensity) filter (where e.occurred_at > p_now - ${HOUR(28)} and e.occurred_at <= p_now - ${HOUR(14)}) as previous_sum,
        min(case
              when e.occurred_at > p_now then e.occurred_at
              when e.occurred_at > p_now - ${HOUR(7)} then e.occurred_at + ${HOUR(7)}
              when e.occurred_at > p_now - ${HOUR(14)} then e.occurred_at + ${HOUR(14)}
              when e.occurred_at > p_now - ${HOUR(28)} then e.occurred_at + ${HOUR(28)}
              when e.occurred_at > p_now - ${HOUR(30)} then e.occurred_at + ${HOUR(30)}
            end) as stale_at
        from episodes e
       where e.practice_id = c.practice_id and e.client_id = c.id
    ) w on true
    left join lateral (
      select sc.total, sc.taken_at from screenings sc
       where sc.practice_id = c.practice_id and sc.client_id = c.id
       order by sc.taken_at desc limit 1
    ) epds on true
    left join lateral (
      select count(*) as open from safety_alerts a
       where a.practice_id = c.practice_id and a.client_id = c.id and a.resolved_at is null
    ) alerts on true
  on conflict (practice_id, client_id) do update set
    consultant_id = excluded.consultant_id,
    latest_epds_total = excluded.latest_epds_total,
    latest_epds_at = excluded.latest_epds_at,
    open_alerts = excluded.open_alerts,
    windows_at = excluded.windows_at,
    windows_stale_at = excluded.windows_stale_at,
    last_episode_at = excluded.last_episode_at,
    last_weaning_at = excluded.last_weaning_at,
    episodes_7d = excluded.episodes_7d,
    episodes_30d = excluded.episodes_30d,
    intensity_sum_30d = excluded.intensity_sum_30d,
    recent_count = excluded.recent_count,
    recent_sum = excluded.recent_sum,
    previous_count = excluded.previous_count,
    previous_sum = excluded.previous_sum
$fn$`;

/**
 * The scheduled refresh: recomputes up to p_limit summaries whose windows no
 * longer hold at p_now (or that were computed for a later instant), oldest
 * first. Returns how many it refreshed.
 */
const REFRESH_STALE_FUNCTION = `
create function wave_client_summaries_refresh_stale(p_now timestamptz, p_limit integer) returns integer
language plpgsql volatile security definer set search_path = pg_catalog, public as $fn$
declare
  practices uuid[];
  clients uuid[];
begin
  select array_agg(practice_id), array_agg(client_id) into practices, clients
    from (select s.practice_id, s.client_id from client_summaries s
           where s.windows_stale_at <= p_now or s.windows_at > p_now
           order by s.windows_stale_at nulls last
           limit p_limit) stale;
  if practices is null then return 0; end if;
  perform wave_client_summaries_refresh(practices, clients, p_now);
  return cardinality(clients);
end
$fn$`;

/** Statement-level trigger: refreshes the clients the statement's rows belong to. */
function triggerFunction(name: string, clientColumn: string, tables: string[]): string {
  const keys = tables
    .map((table) => `select practice_id, ${clientColumn} as client_id from ${table}`)
    .join(" union ");
  return triggerFunctionOver(name, keys);
}

/**
 * An update of clients changes a summary only when it moves the client to
 * another consultant: every other column the caseload shows is read from
 * clients itself. (Follow-ups update clients.next_follow_up_at row by row.)
 */
const CLIENTS_REASSIGNED = `select n.practice_id, n.id as client_id from new_rows n
   join old_rows o on o.practice_id = n.practice_id and o.id = n.id
  where o.primary_consultant_id is distinct from n.primary_consultant_id`;

function triggerFunctionOver(name: string, keys: string): string {
  return `
create function ${name}() returns trigger
language plpgsql security definer set search_path = pg_catalog, public as $fn$
declare
  practices uuid[];
  clients uuid[];
begin
  select array_agg(practice_id), array_agg(client_id) into practices, clients from (${keys}) touched;
  if practices is not null then
    perform wave_client_summaries_refresh(practices, clients, now());
  end if;
  return null;
end
$fn$`;
}

// Each table whose writes change a summary, and the column naming the client.
const SOURCES = [
  { table: "episodes", clientColumn: "client_id" },
  { table: "screenings", clientColumn: "client_id" },
  { table: "safety_alerts", clientColumn: "client_id" },
  { table: "clients", clientColumn: "id" },
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await run(db, [
    `
    create table client_summaries (
      practice_id uuid not null,
      client_id uuid not null,
      -- The client's primary consultant, for row-level security.
      consultant_id uuid not null,
      latest_epds_total smallint,
      latest_epds_at timestamptz,
      open_alerts integer not null check (open_alerts >= 0),
      windows_at timestamptz not null,
      windows_stale_at timestamptz,
      last_episode_at timestamptz,
      last_weaning_at timestamptz,
      episodes_7d integer not null,
      episodes_30d integer not null,
      intensity_sum_30d integer not null,
      recent_count integer not null,
      recent_sum integer not null,
      previous_count integer not null,
      previous_sum integer not null,
      primary key (practice_id, client_id),
      foreign key (practice_id, client_id) references clients (practice_id, id)
    )
    `,
    // The scheduled refresh finds the rows whose windows have lapsed.
    `create index client_summaries_stale_idx on client_summaries (windows_stale_at)`,
    // Reports of self-harm thoughts, looked up per client without reading every episode.
    `create index episodes_self_harm_idx on episodes (practice_id, client_id, occurred_at desc) where self_harm_thoughts`,
    `alter table client_summaries enable row level security`,
    `alter table client_summaries force row level security`,
    `grant select on client_summaries to ${APP_ROLE}`,
    // The identity read once per statement (docs/decisions/0027), as on every child table.
    `create policy client_summaries_read on client_summaries for select to ${APP_ROLE}
       using (practice_id = (select wave_current_practice_id())
              and ((select wave_current_role()) = 'lead' or consultant_id = (select wave_current_user_id())))`,
    REFRESH_FUNCTION,
    REFRESH_STALE_FUNCTION,
    `revoke all on function wave_client_summaries_refresh(uuid[], uuid[], timestamptz) from public`,
    `grant execute on function wave_client_summaries_refresh_stale(timestamptz, integer) to ${APP_ROLE}`,
  ]);

  for (const { table, clientColumn } of SOURCES) {
    await run(db, [
      triggerFunction(`wave_client_summaries_after_${table}_insert`, clientColumn, ["new_rows"]),
      table === "clients"
        ? triggerFunctionOver(`wave_client_summaries_after_${table}_update`, CLIENTS_REASSIGNED)
        : triggerFunction(`wave_client_summaries_after_${table}_update`, clientColumn, ["old_rows", "new_rows"]),
      triggerFunction(`wave_client_summaries_after_${table}_delete`, clientColumn, ["old_rows"]),
      `create trigger client_summaries_after_insert after insert on ${table}
         referencing new table as new_rows for each statement
         execute function wave_client_summaries_after_${table}_insert()`,
      `create trigger client_summaries_after_update after update on ${table}
         referencing old table as old_rows new table as new_rows for each statement
         execute function wave_client_summaries_after_${table}_update()`,
      `create trigger client_summaries_after_delete after delete on ${table}
         referencing old table as old_rows for each statement
         execute function wave_client_summaries_after_${table}_delete()`,
    ]);
  }

  // Every client that exists today gets its row.
  await run(db, [
    `select wave_client_summaries_refresh(array_agg(practice_id), array_agg(id), now()) from clients`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const { table } of SOURCES) {
    await run(db, [
      `drop trigger if exists client_summaries_after_insert on ${table}`,
      `drop trigger if exists client_summaries_after_update on ${table}`,
      `drop trigger if exists client_summaries_after_delete on ${table}`,
      `drop function if exists wave_client_summaries_after_${table}_insert()`,
      `drop function if exists wave_client_summaries_after_${table}_update()`,
      `drop function if exists wave_client_summaries_after_${table}_delete()`,
    ]);
  }
  await run(db, [
    `drop function if exists wave_client_summaries_refresh_stale(timestamptz, integer)`,
    `drop function if exists wave_client_summaries_refresh(uuid[], uuid[], timestamptz)`,
    `drop index if exists episodes_self_harm_idx`,
    `drop table if exists client_summaries`,
  ]);
}

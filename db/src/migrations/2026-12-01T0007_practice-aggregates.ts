import { sql, type Kysely } from "kysely";
import { APP_ROLE } from "./2026-11-26T0001_row-level-security.js";

// Frozen once landed. The lead's analytics read small derived tables instead
// of every episode (docs/decisions/0028-practice-aggregates.md):
// - analytics_client_weeks: per client and UTC week (Monday), the episodes
//   that occurred in it and the sum of their intensities. The overview's
//   distinct clients per week are its rows.
// - analytics_client_recorded_days: per client and UTC day, the episodes
//   recorded that day (the workload's "recorded in the last 30 days").
// - analytics_intervention_effects: per intervention, its kind, start, the
//   episodes and intensity sums in the 14 days before and after its start,
//   and its latest outcome.
// - analytics_client_days: per client and UTC day, the episodes that occurred
//   in it and their intensity sum: the course by postpartum week (a birth
//   date is a UTC midnight, so a day never straddles two postpartum weeks).
// - analytics_client_course: per client, the first episode and the episodes
//   and intensity sum in the 14 days (336 hours) from it: the initial band.
// Triggers keep them right in the same transaction as every write that
// changes them; they are statement-level with transition tables, so a bulk
// insert of episodes pays once per statement, not once per row. Time passing
// needs nothing: windows are cut at read time from the stored weeks and days.
// wave_analytics_rebuild recomputes them from the raw rows (the backfill
// below, a repair path, and the oracle the property test compares with).
//
// The triggers run as the migrations' owner, which bypasses row-level
// security as the migrations already must (docs/decisions/0021): a
// consultant's or a link holder's write must update rows they cannot read.
// The application reads these tables only for the lead's analytics, so their
// policy admits only a lead, and only their own practice's rows.

const WEEK_OF = (column: string) => `date_trunc('week', ${column}, 'UTC')`;
const DAY_OF = (column: string) => `(${column} at time zone 'UTC')::date`;
const WINDOW = "interval '14 days'";
/** The course's initial window: 14 x 24 hours, as practice-analytics.ts measures it. */
const INITIAL_WINDOW = "interval '336 hours'";
const DERIVED_TABLES = [
  "analytics_client_weeks",
  "analytics_client_recorded_days",
  "analytics_intervention_effects",
  "analytics_client_days",
  "analytics_client_course",
] as const;

/** A client's course facts from their episodes; `clients` yields (practice_id, client_id). */
function clientCourseRows(clients: string): string {
  return `
    select k.practice_id, k.client_id, f.first_at, w.episodes, w.intensity_sum
      from (${clients}) k
     cross join lateral (
       select min(e.occurred_at) as first_at from public.episodes e
        where e.practice_id = k.practice_id and e.client_id = k.client_id) f
     cross join lateral (
       select count(*)::int as episodes, coalesce(sum(e.intensity), 0)::int as intensity_sum from public.episodes e
        where e.practice_id = k.practice_id and e.client_id = k.client_id
          and e.occurred_at >= f.first_at and e.occurred_at < f.first_at + ${INITIAL_WINDOW}) w
     where f.first_at is not null`;
}

async function run(db: Kysely<any>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/**
 * The body that applies a change of episodes: `delta` yields (practice_id,
 * client_id, occurred_at, recorded_at, intensity, sign), +1 for a row as it
 * is now and -1 for a row as it was.
 */
function applyEpisodeDelta(delta: string): string {
  return `
    with delta as (${delta}),
    weekly as (
      select practice_id, ${WEEK_OF("occurred_at")} as week_start, client_id,
             sum(sign)::int as episodes, sum(sign * intensity)::int as intensity_sum
        from delta group by 1, 2, 3
    )
    insert into public.analytics_client_weeks as t (practice_id, week_start, client_id, episodes, intensity_sum)
    select * from weekly where episodes <> 0 or intensity_sum <> 0
    on conflict (practice_id, week_start, client_id) do update
      set episodes = t.episodes + excluded.episodes, intensity_sum = t.intensity_sum + excluded.intensity_sum;

    delete from public.analytics_client_weeks t
     using (select distinct practice_id, ${WEEK_OF("occurred_at")} as week_start, client_id from (${delta}) d) d
     where t.practice_id = d.practice_id and t.week_start = d.week_start and t.client_id = d.client_id and t.episodes = 0;

    with delta as (${delta}),
    daily as (
      select practice_id, ${DAY_OF("recorded_at")} as day, client_id, sum(sign)::int as episodes
        from delta group by 1, 2, 3
    )
    insert into public.analytics_client_recorded_days as t (practice_id, day, client_id, episodes)
    select * from daily where episodes <> 0
    on conflict (practice_id, day, client_id) do update set episodes = t.episodes + excluded.episodes;

    delete from public.analytics_client_recorded_days t
     using (select distinct practice_id, ${DAY_OF("recorded_at")} as day, client_id from (${delta}) d) d
     where t.practice_id = d.practice_id and t.day = d.day and t.client_id = d.client_id and t.episodes = 0;

    with delta as (${delta}),
    daily as (
      select practice_id, client_id, ${DAY_OF("occurred_at")} as day,
             sum(sign)::int as episodes, sum(sign * intensity)::int as intensity_sum
        from delta group by 1, 2, 3
    )
    insert into public.analytics_client_days as t (practice_id, client_id, day, episodes, intensity_sum)
    select * from daily where episodes <> 0 or intensity_sum <> 0
    on conflict (practice_id, client_id, day) do update
      set episodes = t.episodes + excluded.episodes, intensity_sum = t.intensity_sum + excluded.intensity_sum;

    delete from public.analytics_client_days t
     using (select distinct practice_id, client_id, ${DAY_OF("occurred_at")} as day from (${delta}) d) d
     where t.practice_id = d.practice_id and t.client_id = d.client_id and t.day = d.day and t.episodes = 0;

    -- The first episode may have moved: each touched client's course facts, looked up again (an index range each).
    delete from public.analytics_client_course t
     using (select distinct practice_id, client_id from (${delta}) d) d
     where t.practice_id = d.practice_id and t.client_id = d.client_id;
    insert into public.analytics_client_course (practice_id, client_id, first_episode_at, initial_episodes, initial_sum)
    ${clientCourseRows(`select distinct practice_id, client_id from (${delta}) d`)};

    with delta as (${delta}),
    windows as (
      select i.practice_id, i.intervention_id,
             coalesce(sum(e.sign) filter (where e.occurred_at < i.started_at), 0)::int as before_count,
             coalesce(sum(e.sign * e.intensity) filter (where e.occurred_at < i.started_at), 0)::int as before_sum,
             coalesce(sum(e.sign) filter (where e.occurred_at >= i.started_at), 0)::int as after_count,
             coalesce(sum(e.sign * e.intensity) filter (where e.occurred_at >= i.started_at), 0)::int as after_sum
        from delta e
        join public.analytics_intervention_effects i
          on i.practice_id = e.practice_id and i.client_id = e.client_id
         and e.occurred_at >= i.started_at - ${WINDOW} and e.occurred_at < i.started_at + ${WINDOW}
       group by 1, 2
    )
    update public.analytics_intervention_effects t
       set before_count = t.before_count + w.before_count, before_sum = t.before_sum + w.before_sum,
           after_count = t.after_count + w.after_count, after_sum = t.after_sum + w.after_sum
      from windows w
     where t.practice_id = w.practice_id and t.intervention_id = w.intervention_id;`;
}

const EPISODE_COLUMNS = "practice_id, client_id, occurred_at, recorded_at, intensity";

/** An intervention's effect row computed from the raw rows; `filter` narrows the interventions. */
function interventionEffectRows(filter: string): string {
  return `
    select i.practice_id, i.id as intervention_id, i.client_id, i.kind, i.started_at,
           coalesce(w.before_count, 0)::int, coalesce(w.before_sum, 0)::int,
           coalesce(w.after_count, 0)::int, coalesce(w.after_sum, 0)::int,
           (select o.outcome from public.intervention_outcomes o
             where o.practice_id = i.practice_id and o.intervention_id = i.id
             order by o.assessed_at desc, o.created_at desc limit 1)
      from public.interventions i
      left join lateral (
        select count(*) filter (where e.occurred_at < i.started_at) as before_count,
               sum(e.intensity) filter (where e.occurred_at < i.started_at) as before_sum,
               count(*) filter (where e.occurred_at >= i.started_at) as after_count,
               sum(e.intensity) filter (where e.occurred_at >= i.started_at) as after_sum
          from public.episodes e
         where e.practice_id = i.practice_id and e.client_id = i.client_id
           and e.occurred_at >= i.started_at - ${WINDOW} and e.occurred_at < i.started_at + ${WINDOW}
      ) w on true
     where ${filter}`;
}

const EFFECT_COLUMNS =
  "practice_id, intervention_id, client_id, kind, started_at, before_count, before_sum, after_count, after_sum, latest_outcome";

function triggerFunction(name: string, body: string): string {
  return `
    create function ${name}() returns trigger
    language plpgsql security definer set search_path = pg_catalog, public as $fn$
    begin
      ${body}
      return null;
    end
    $fn$`;
}

export async function up(db: Kysely<any>): Promise<void> {
  // No check (episodes >= 0) on the counts: an INSERT ... ON CONFLICT checks
  // the proposed row, which carries a negative delta when a row is removed.
  await run(db, [
    `create table analytics_client_weeks (
      practice_id uuid not null,
      week_start timestamptz not null,
      client_id uuid not null,
      episodes integer not null,
      intensity_sum integer not null,
      primary key (practice_id, week_start, client_id)
    )`,
    `create table analytics_client_recorded_days (
      practice_id uuid not null,
      day date not null,
      client_id uuid not null,
      episodes integer not null,
      primary key (practice_id, day, client_id)
    )`,
    `create table analytics_intervention_effects (
      practice_id uuid not null,
      intervention_id uuid not null,
      client_id uuid not null,
      kind text not null,
      started_at timestamptz not null,
      before_count integer not null,
      before_sum integer not null,
      after_count integer not null,
      after_sum integer not null,
      latest_outcome text,
      primary key (practice_id, intervention_id)
    )`,
    `create table analytics_client_days (
      practice_id uuid not null,
      client_id uuid not null,
      day date not null,
      episodes integer not null,
      intensity_sum integer not null,
      primary key (practice_id, client_id, day)
    )`,
    `create table analytics_client_course (
      practice_id uuid not null,
      client_id uuid not null,
      first_episode_at timestamptz not null,
      initial_episodes integer not null,
      initial_sum integer not null,
      primary key (practice_id, client_id)
    )`,
    `create index analytics_intervention_effects_start_idx on analytics_intervention_effects (practice_id, started_at)`,
    `create index analytics_intervention_effects_client_idx on analytics_intervention_effects (practice_id, client_id, started_at)`,
    // The workload's boundary day is counted from raw episodes, bounded by this.
    `create index episodes_recorded_idx on episodes (practice_id, recorded_at)`,
  ]);

  for (const table of DERIVED_TABLES) {
    await run(db, [
      `alter table ${table} enable row level security`,
      `alter table ${table} force row level security`,
      `grant select on ${table} to ${APP_ROLE}`,
      `create policy ${table}_lead_read on ${table} for select to ${APP_ROLE}
         using (practice_id = wave_current_practice_id() and wave_current_role() = 'lead')`,
    ]);
  }

  await run(db, [
    triggerFunction(
      "wave_analytics_episodes_inserted",
      applyEpisodeDelta(`select ${EPISODE_COLUMNS}, 1 as sign from new_rows`),
    ),
    triggerFunction(
      "wave_analytics_episodes_updated",
      applyEpisodeDelta(
        `select ${EPISODE_COLUMNS}, 1 as sign from new_rows union all select ${EPISODE_COLUMNS}, -1 as sign from old_rows`,
      ),
    ),
    triggerFunction(
      "wave_analytics_episodes_deleted",
      applyEpisodeDelta(`select ${EPISODE_COLUMNS}, -1 as sign from old_rows`),
    ),
    `create trigger analytics_episodes_inserted after insert on episodes
       referencing new table as new_rows for each statement execute function wave_analytics_episodes_inserted()`,
    `create trigger analytics_episodes_updated after update on episodes
       referencing old table as old_rows new table as new_rows for each statement execute function wave_analytics_episodes_updated()`,
    `create trigger analytics_episodes_deleted after delete on episodes
       referencing old table as old_rows for each statement execute function wave_analytics_episodes_deleted()`,

    // An intervention inserted or changed (its start, kind or client): its row recomputed from its episodes.
    triggerFunction(
      "wave_analytics_interventions_written",
      `delete from public.analytics_intervention_effects t using new_rows n
        where t.practice_id = n.practice_id and t.intervention_id = n.id;
       insert into public.analytics_intervention_effects (${EFFECT_COLUMNS})
       ${interventionEffectRows("(i.practice_id, i.id) in (select practice_id, id from new_rows)")};`,
    ),
    triggerFunction(
      "wave_analytics_interventions_deleted",
      `delete from public.analytics_intervention_effects t using old_rows o
        where t.practice_id = o.practice_id and t.intervention_id = o.id;`,
    ),
    `create trigger analytics_interventions_inserted after insert on interventions
       referencing new table as new_rows for each statement execute function wave_analytics_interventions_written()`,
    `create trigger analytics_interventions_updated after update on interventions
       referencing new table as new_rows for each statement execute function wave_analytics_interventions_written()`,
    `create trigger analytics_interventions_deleted after delete on interventions
       referencing old table as old_rows for each statement execute function wave_analytics_interventions_deleted()`,

    // An outcome recorded, changed or removed: the intervention's latest outcome looked up again.
    ...(["inserted", "updated", "deleted"] as const).map((event) =>
      triggerFunction(
        `wave_analytics_outcomes_${event}`,
        `update public.analytics_intervention_effects t
            set latest_outcome = (select o.outcome from public.intervention_outcomes o
                                   where o.practice_id = t.practice_id and o.intervention_id = t.intervention_id
                                   order by o.assessed_at desc, o.created_at desc limit 1)
          where (t.practice_id, t.intervention_id) in (
            ${event === "updated" ? "select practice_id, intervention_id from new_rows union select practice_id, intervention_id from old_rows" : `select practice_id, intervention_id from ${event === "inserted" ? "new_rows" : "old_rows"}`});`,
      ),
    ),
    `create trigger analytics_outcomes_inserted after insert on intervention_outcomes
       referencing new table as new_rows for each statement execute function wave_analytics_outcomes_inserted()`,
    `create trigger analytics_outcomes_updated after update on intervention_outcomes
       referencing old table as old_rows new table as new_rows for each statement execute function wave_analytics_outcomes_updated()`,
    `create trigger analytics_outcomes_deleted after delete on intervention_outcomes
       referencing old table as old_rows for each statement execute function wave_analytics_outcomes_deleted()`,
  ]);

  // The from-scratch computation: the rebuild path and the oracle the property test compares with.
  await run(db, [
    `create function wave_analytics_rebuild(target_practice uuid) returns void
     language plpgsql security definer set search_path = pg_catalog, public as $fn$
     begin
       delete from public.analytics_client_weeks where target_practice is null or practice_id = target_practice;
       delete from public.analytics_client_recorded_days where target_practice is null or practice_id = target_practice;
       delete from public.analytics_intervention_effects where target_practice is null or practice_id = target_practice;
       delete from public.analytics_client_days where target_practice is null or practice_id = target_practice;
       delete from public.analytics_client_course where target_practice is null or practice_id = target_practice;
       insert into public.analytics_client_weeks (practice_id, week_start, client_id, episodes, intensity_sum)
       select practice_id, ${WEEK_OF("occurred_at")}, client_id, count(*)::int, sum(intensity)::int
         from public.episodes where target_practice is null or practice_id = target_practice
        group by 1, 2, 3;
       insert into public.analytics_client_recorded_days (practice_id, day, client_id, episodes)
       select practice_id, ${DAY_OF("recorded_at")}, client_id, count(*)::int
         from public.episodes where target_practice is null or practice_id = target_practice
        group by 1, 2, 3;
       insert into public.analytics_intervention_effects (${EFFECT_COLUMNS})
       ${interventionEffectRows("target_practice is null or i.practice_id = target_practice")};
       insert into public.analytics_client_days (practice_id, client_id, day, episodes, intensity_sum)
       select practice_id, client_id, ${DAY_OF("occurred_at")}, count(*)::int, sum(intensity)::int
         from public.episodes where target_practice is null or practice_id = target_practice
        group by 1, 2, 3;
       insert into public.analytics_client_course (practice_id, client_id, first_episode_at, initial_episodes, initial_sum)
       ${clientCourseRows("select distinct practice_id, client_id from public.episodes where target_practice is null or practice_id = target_practice")};
     end
     $fn$`,
    `revoke all on function wave_analytics_rebuild(uuid) from public`,
    `select wave_analytics_rebuild(null)`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await run(db, [
    `drop trigger if exists analytics_episodes_inserted on episodes`,
    `drop trigger if exists analytics_episodes_updated on episodes`,
    `drop trigger if exists analytics_episodes_deleted on episodes`,
    `drop trigger if exists analytics_interventions_inserted on interventions`,
    `drop trigger if exists analytics_interventions_updated on interventions`,
    `drop trigger if exists analytics_interventions_deleted on interventions`,
    `drop trigger if exists analytics_outcomes_inserted on intervention_outcomes`,
    `drop trigger if exists analytics_outcomes_updated on intervention_outcomes`,
    `drop trigger if exists analytics_outcomes_deleted on intervention_outcomes`,
    `drop function if exists wave_analytics_rebuild(uuid)`,
    `drop function if exists wave_analytics_episodes_inserted()`,
    `drop function if exists wave_analytics_episodes_updated()`,
    `drop function if exists wave_analytics_episodes_deleted()`,
    `drop function if exists wave_analytics_interventions_written()`,
    `drop function if exists wave_analytics_interventions_deleted()`,
    `drop function if exists wave_analytics_outcomes_inserted()`,
    `drop function if exists wave_analytics_outcomes_updated()`,
    `drop function if exists wave_analytics_outcomes_deleted()`,
    `drop index if exists episodes_recorded_idx`,
    ...DERIVED_TABLES.map((table) => `drop table if exists ${table}`),
  ]);
}

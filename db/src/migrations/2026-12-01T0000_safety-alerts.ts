import { sql, type Kysely } from "kysely";

// Frozen once landed. Each report of thoughts of self-harm becomes a record of
// its own (DOMAIN.md's safety rule): raised with the write that carries it,
// acknowledged when someone has seen it, resolved only by a follow-up that
// reached the client. docs/decisions/0013-safety-alerts.md.

const APP_ROLE = "wave_app";

async function run(db: Kysely<any>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await run(db, [
    // How a completed follow-up went. Rows completed before this migration
    // cleared the flag under the old rule, so they count as reached.
    `alter table follow_ups
       add column outcome text check (outcome in ('reached', 'not_reached')),
       add column contact text check (contact in ('phone', 'video', 'in_person', 'message')),
       -- The client-generated id of the completion, when it completed a scheduled row (idempotent replays).
       add column completion_id uuid`,
    `update follow_ups set outcome = 'reached' where completed_at is not null`,
    `alter table follow_ups add constraint follow_ups_outcome_when_completed
       check ((completed_at is null) = (outcome is null))`,
    `create unique index follow_ups_completion_idx on follow_ups (practice_id, completion_id) where completion_id is not null`,
    `
    create table safety_alerts (
      practice_id uuid not null,
      id uuid not null default gen_random_uuid(),
      client_id uuid not null,
      source text not null check (source in ('episode', 'epds', 'self_report')),
      source_id uuid not null,
      reported_at timestamptz not null,
      raised_at timestamptz not null default now(),
      acknowledged_at timestamptz,
      acknowledged_by uuid,
      resolved_at timestamptz,
      resolved_by uuid,
      resolving_follow_up_id uuid,
      primary key (practice_id, id),
      foreign key (practice_id, client_id) references clients (practice_id, id),
      foreign key (practice_id, acknowledged_by) references users (practice_id, id),
      foreign key (practice_id, resolved_by) references users (practice_id, id),
      foreign key (practice_id, resolving_follow_up_id) references follow_ups (practice_id, id),
      check ((acknowledged_at is null) = (acknowledged_by is null)),
      check ((resolved_at is null) = (resolved_by is null)),
      check (resolving_follow_up_id is null or resolved_at is not null)
    )
    `,
    // One open alert per report: a replay or an edit can never raise a second.
    `create unique index safety_alerts_one_open_per_source
       on safety_alerts (practice_id, source, source_id) where resolved_at is null`,
    `create index safety_alerts_open_idx on safety_alerts (practice_id, client_id, raised_at) where resolved_at is null`,
    `create index safety_alerts_client_idx on safety_alerts (practice_id, client_id, raised_at desc)`,
    `create index safety_alerts_recent_idx on safety_alerts (practice_id, raised_at desc)`,

    // Existing reports that no follow-up answered, under the rule that held
    // until now, become open alerts; nothing urgent is lost by the upgrade.
    `
    insert into safety_alerts (practice_id, client_id, source, source_id, reported_at, raised_at)
    select e.practice_id, e.client_id,
           case when e.source = 'client' then 'self_report' else 'episode' end,
           e.id, e.occurred_at, greatest(e.occurred_at, e.recorded_at)
      from episodes e
     where e.self_harm_thoughts
       and greatest(e.occurred_at, e.recorded_at) > coalesce(
         (select max(f.completed_at) from follow_ups f
           where f.practice_id = e.practice_id and f.client_id = e.client_id), '-infinity'::timestamptz)
    `,
    `
    insert into safety_alerts (practice_id, client_id, source, source_id, reported_at, raised_at)
    select s.practice_id, s.client_id, 'epds', s.id, s.taken_at, greatest(s.taken_at, s.created_at)
      from screenings s
     where s.item10 > 0
       and greatest(s.taken_at, s.created_at) > coalesce(
         (select max(f.completed_at) from follow_ups f
           where f.practice_id = s.practice_id and f.client_id = s.client_id), '-infinity'::timestamptz)
    `,

    `alter table safety_alerts enable row level security`,
    `alter table safety_alerts force row level security`,
    // The application may raise, acknowledge and resolve; never delete.
    `grant select, insert, update on safety_alerts to ${APP_ROLE}`,
    `create policy safety_alerts_access on safety_alerts for all to ${APP_ROLE}
       using (practice_id = wave_current_practice_id() and exists (
         select 1 from clients c where c.practice_id = safety_alerts.practice_id and c.id = safety_alerts.client_id))
       with check (practice_id = wave_current_practice_id() and exists (
         select 1 from clients c where c.practice_id = safety_alerts.practice_id and c.id = safety_alerts.client_id))`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await run(db, [
    `drop table if exists safety_alerts`,
    `drop index if exists follow_ups_completion_idx`,
    `alter table follow_ups drop constraint if exists follow_ups_outcome_when_completed`,
    `alter table follow_ups drop column if exists completion_id, drop column if exists contact, drop column if exists outcome`,
  ]);
}

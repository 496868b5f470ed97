import { sql, type Kysely } from "kysely";

/** Runs statements one at a time: embedded Postgres accepts one per query. */
async function runStatements(db: Kysely<any>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

// Frozen once landed: later changes get a new, later migration.
// Every practice table leads its primary key with practice_id and carries it in
// every foreign key, so a distributed Postgres (Citus) can co-locate one
// practice's rows on one shard (docs/decisions/0004-citus-ready-keys.md).

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `
    create table practices (
      id uuid primary key default gen_random_uuid(),
      name text not null check (length(name) between 1 and 200),
      created_at timestamptz not null default now()
    )
    `,
    `
    create table users (
      practice_id uuid not null references practices (id),
      id uuid not null default gen_random_uuid(),
      email text not null check (email = lower(email) and position('@' in email) > 1),
      name text not null check (length(name) between 1 and 200),
      role text not null check (role in ('consultant', 'lead')),
      password_hash text not null,
      must_change_password boolean not null default false,
      deactivated_at timestamptz,
      created_at timestamptz not null default now(),
      primary key (practice_id, id),
      unique (id),
      unique (email)
    )
    `,
    `
    create table sessions (
      practice_id uuid not null,
      id uuid not null default gen_random_uuid(),
      user_id uuid not null,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      primary key (practice_id, id),
      foreign key (practice_id, user_id) references users (practice_id, id) on delete cascade
    )
    `,
    `
    create index sessions_user_idx on sessions (practice_id, user_id)
    `,
    `
    create table clients (
      practice_id uuid not null references practices (id),
      id uuid not null default gen_random_uuid(),
      primary_consultant_id uuid not null,
      display_name text not null check (length(btrim(display_name)) between 1 and 200),
      baby_birth_date date not null,
      feeding_method text not null check (feeding_method in ('nursing', 'pumping', 'both')),
      considering_weaning boolean not null default false,
      status text not null default 'active' check (status in ('active', 'discharged')),
      next_follow_up_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      discharged_at timestamptz,
      version integer not null default 1 check (version >= 1),
      primary key (practice_id, id),
      foreign key (practice_id, primary_consultant_id) references users (practice_id, id)
    )
    `,
    `
    create index clients_consultant_idx on clients (practice_id, primary_consultant_id, status)
    `,
    `
    create table episodes (
      practice_id uuid not null,
      id uuid not null,
      client_id uuid not null,
      occurred_at timestamptz not null,
      recorded_at timestamptz not null default now(),
      source text not null check (source in ('consultant', 'client')),
      recorded_by uuid,
      context text check (context in ('nursing', 'pumping', 'spontaneous')),
      let_down text not null default 'unknown' check (let_down in ('first', 'later', 'unknown')),
      duration_seconds integer check (duration_seconds between 0 and 86400),
      types text[] not null check (
        cardinality(types) between 1 and 3
        and types <@ array['despondency', 'anxiety', 'anger']::text[]
      ),
      intensity smallint not null check (intensity between 1 and 10),
      rated_after_education boolean,
      impact text check (impact in ('none', 'fed_less', 'avoiding_feeds', 'considering_weaning')),
      self_harm_thoughts boolean not null default false,
      notes text check (length(notes) <= 5000),
      version integer not null default 1 check (version >= 1),
      primary key (practice_id, id),
      -- The composite key proves the episode's client is in the same practice.
      foreign key (practice_id, client_id) references clients (practice_id, id),
      foreign key (practice_id, recorded_by) references users (practice_id, id),
      check ((source = 'consultant') = (recorded_by is not null))
    )
    `,
    `
    create index episodes_client_time_idx on episodes (practice_id, client_id, occurred_at desc)
    `,
    `
    create table interventions (
      practice_id uuid not null,
      id uuid not null,
      client_id uuid not null,
      kind text not null check (kind in (
        'education', 'grounding', 'lifestyle', 'peer_support', 'therapist_referral',
        'prescriber_referral', 'weaning_support', 'flange_fitting', 'other'
      )),
      started_at timestamptz not null,
      ended_at timestamptz check (ended_at >= started_at),
      details text check (length(details) <= 5000),
      recorded_by uuid not null,
      created_at timestamptz not null default now(),
      version integer not null default 1 check (version >= 1),
      primary key (practice_id, id),
      foreign key (practice_id, client_id) references clients (practice_id, id),
      foreign key (practice_id, recorded_by) references users (practice_id, id),
      check (kind <> 'other' or length(btrim(coalesce(details, ''))) > 0)
    )
    `,
    `
    create index interventions_client_time_idx on interventions (practice_id, client_id, started_at)
    `,
    `
    create table intervention_outcomes (
      practice_id uuid not null,
      id uuid not null default gen_random_uuid(),
      intervention_id uuid not null,
      assessed_at timestamptz not null,
      outcome text not null check (outcome in ('resolved', 'improved', 'no_change', 'worse', 'stopped')),
      notes text check (length(notes) <= 5000),
      recorded_by uuid not null,
      created_at timestamptz not null default now(),
      primary key (practice_id, id),
      foreign key (practice_id, intervention_id) references interventions (practice_id, id),
      foreign key (practice_id, recorded_by) references users (practice_id, id)
    )
    `,
    `
    create index intervention_outcomes_idx on intervention_outcomes (practice_id, intervention_id, assessed_at)
    `,
    `
    create table screenings (
      practice_id uuid not null,
      id uuid not null,
      client_id uuid not null,
      instrument text not null check (instrument in ('epds')),
      taken_at timestamptz not null,
      answers smallint[] not null check (
        cardinality(answers) = 10 and 0 <= all (answers) and 3 >= all (answers)
      ),
      total smallint not null check (total between 0 and 30),
      item10 smallint not null check (item10 between 0 and 3),
      recorded_by uuid not null,
      created_at timestamptz not null default now(),
      primary key (practice_id, id),
      foreign key (practice_id, client_id) references clients (practice_id, id),
      foreign key (practice_id, recorded_by) references users (practice_id, id)
    )
    `,
    `
    create index screenings_client_time_idx on screenings (practice_id, client_id, taken_at desc)
    `,
    `
    create table follow_ups (
      practice_id uuid not null,
      id uuid not null default gen_random_uuid(),
      client_id uuid not null,
      due_at timestamptz not null,
      completed_at timestamptz,
      completed_by uuid,
      notes text check (length(notes) <= 5000),
      created_by uuid not null,
      created_at timestamptz not null default now(),
      primary key (practice_id, id),
      foreign key (practice_id, client_id) references clients (practice_id, id),
      foreign key (practice_id, completed_by) references users (practice_id, id),
      foreign key (practice_id, created_by) references users (practice_id, id),
      check ((completed_at is null) = (completed_by is null))
    )
    `,
    `
    create index follow_ups_client_idx on follow_ups (practice_id, client_id, due_at)
    `,
    `
    create index follow_ups_open_idx on follow_ups (practice_id, due_at) where completed_at is null
    `,
    `
    create table notes (
      practice_id uuid not null,
      id uuid not null default gen_random_uuid(),
      client_id uuid not null,
      author_id uuid not null,
      body text not null check (length(btrim(body)) between 1 and 10000),
      created_at timestamptz not null default now(),
      primary key (practice_id, id),
      foreign key (practice_id, client_id) references clients (practice_id, id),
      foreign key (practice_id, author_id) references users (practice_id, id)
    )
    `,
    `
    create index notes_client_time_idx on notes (practice_id, client_id, created_at desc)
    `,
    `
    create table audit_log (
      practice_id uuid not null references practices (id),
      id bigint generated always as identity,
      at timestamptz not null default now(),
      actor_id uuid,
      action text not null,
      entity text not null,
      entity_id uuid,
      -- Identifiers and field names only: never health data (docs/security.md).
      details jsonb not null default '{}'::jsonb,
      primary key (practice_id, id)
    )
    `,
    `
    create index audit_log_time_idx on audit_log (practice_id, at desc)
    `,
    `
    create index audit_log_entity_idx on audit_log (practice_id, entity, entity_id)
    `,
  ]);

  // clients.next_follow_up_at mirrors the earliest open follow-up; the trigger
  // keeps the two from drifting whatever code path writes follow_ups.
  await runStatements(db, [
    `
    create function wave_refresh_next_follow_up() returns trigger
    language plpgsql as $fn$
    declare
      target_practice uuid := coalesce(new.practice_id, old.practice_id);
      target_client uuid := coalesce(new.client_id, old.client_id);
    begin
      update clients c
         set next_follow_up_at = (
           select min(f.due_at) from follow_ups f
            where f.practice_id = target_practice and f.client_id = target_client and f.completed_at is null)
       where c.practice_id = target_practice and c.id = target_client;
      return null;
    end
    $fn$
    `,
    `
    create trigger follow_ups_refresh_next after insert or update or delete on follow_ups
      for each row execute function wave_refresh_next_follow_up()
    `,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `
    drop trigger if exists follow_ups_refresh_next on follow_ups
    `,
    `
    drop function if exists wave_refresh_next_follow_up()
    `,
    `
    drop table if exists audit_log, notes, follow_ups, screenings, intervention_outcomes,
      interventions, episodes, clients, sessions, users, practices
    `,
  ]);
}

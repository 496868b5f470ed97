import { sql, type Kysely } from "kysely";
import { APP_ROLE } from "./2026-11-26T0001_row-level-security.js";

// Frozen once landed. Clients report their own episodes, and a requested
// EPDS, through a private link (docs/decisions/0021-self-report-links.md).
//
// The link holder is an identity of its own, set per transaction like a
// user's: first only the hash of the token (wave.link_token_hash), which
// reaches the link's own row and nothing else; then, once the service has
// found the link live, role 'client_link' with the link's practice, client and
// link id. The policies below give that identity exactly: inserting its
// client's episodes, screenings and safety alerts (and reading back what this
// link itself sent, for the idempotent replay check), its client's open EPDS
// request, its own link's last_used_at, its practice's row, and audit rows.
// It has no user id, and the staff policies all key on one (or on a visible
// client, which it has none of): users_read is narrowed here to say so.

const LIVE_CHANNEL = "wave_changes";
const LINK_TOKEN = "nullif(current_setting('wave.link_token_hash', true), '')";
/** A staff member's view of a row under a client: the client is visible (the clients policy decides). */
const clientVisible = (table: string) => `practice_id = wave_current_practice_id() and exists (
  select 1 from clients c where c.practice_id = ${table}.practice_id and c.id = ${table}.client_id)`;
/**
 * A row of the link holder's own client. The cheap comparisons come first, so
 * a staff member's query stops at the role.
 */
const LINK_HOLDS = `wave_current_role() = 'client_link' and practice_id = wave_current_practice_id()
  and client_id = wave_current_client_id() and wave_link_is_held()`;
/** Tables the link holder writes; their live notifications need the link's own trigger (below). */
const LINK_WRITTEN_TABLES = ["episodes", "screenings", "safety_alerts"] as const;

async function run(db: Kysely<any>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await run(db, [
    // What the client's page shows: where to get help now.
    `alter table practices
       add column phone text check (phone is null or char_length(phone) between 1 and 60),
       add column crisis_line text check (crisis_line is null or char_length(crisis_line) between 1 and 60)`,

    `create function wave_current_client_id() returns uuid language sql stable as
       $$ select nullif(current_setting('wave.client_id', true), '')::uuid $$`,
    `create function wave_current_link_id() returns uuid language sql stable as
       $$ select nullif(current_setting('wave.link_id', true), '')::uuid $$`,

    `
    create table self_report_links (
      practice_id uuid not null,
      id uuid not null default gen_random_uuid(),
      client_id uuid not null,
      -- SHA-256 of the token, hex: the token itself is never stored.
      token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
      created_by uuid not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz,
      revoked_by uuid,
      last_used_at timestamptz,
      primary key (practice_id, id),
      foreign key (practice_id, client_id) references clients (practice_id, id),
      foreign key (practice_id, created_by) references users (practice_id, id),
      foreign key (practice_id, revoked_by) references users (practice_id, id),
      check (expires_at > created_at),
      check ((revoked_at is null) = (revoked_by is null))
    )
    `,
    `create index self_report_links_client_idx on self_report_links (practice_id, client_id, created_at desc)`,

    // Which link sent a client's record: "the record keeps who entered what",
    // and the link reads back only what it sent itself.
    `alter table episodes
       add column self_report_link_id uuid,
       add constraint episodes_self_report_link_fk foreign key (practice_id, self_report_link_id)
         references self_report_links (practice_id, id),
       add constraint episodes_link_is_client check (self_report_link_id is null or source = 'client'),
       -- A client may skip what it felt like; a consultant's episode still names one to three feelings.
       drop constraint episodes_types_check,
       add constraint episodes_types_check check (
         cardinality(types) <= 3
         and types <@ array['despondency', 'anxiety', 'anger']::text[]
         and (cardinality(types) >= 1 or source = 'client'))`,
    `create index episodes_self_report_link_idx on episodes (practice_id, self_report_link_id) where self_report_link_id is not null`,

    `alter table screenings
       add column source text not null default 'consultant' check (source in ('consultant', 'client')),
       add column self_report_link_id uuid,
       alter column recorded_by drop not null,
       add constraint screenings_recorded_by_source check ((source = 'consultant') = (recorded_by is not null)),
       add constraint screenings_self_report_link_fk foreign key (practice_id, self_report_link_id)
         references self_report_links (practice_id, id),
       add constraint screenings_link_is_client check (self_report_link_id is null or source = 'client')`,

    `
    create table epds_requests (
      practice_id uuid not null,
      id uuid not null default gen_random_uuid(),
      client_id uuid not null,
      requested_by uuid not null,
      requested_at timestamptz not null default now(),
      fulfilled_at timestamptz,
      screening_id uuid,
      primary key (practice_id, id),
      foreign key (practice_id, client_id) references clients (practice_id, id),
      foreign key (practice_id, requested_by) references users (practice_id, id),
      foreign key (practice_id, screening_id) references screenings (practice_id, id),
      check ((fulfilled_at is null) = (screening_id is null))
    )
    `,
    // The client's page offers one EPDS at a time: asking again keeps the open request.
    `create unique index epds_requests_one_open on epds_requests (practice_id, client_id) where fulfilled_at is null`,

    // Counters of the self-report rate limits (server/src/self-report/self-report.limits.ts),
    // in rate-limiter-flexible's layout like sign_in_attempts: hashed keys and counts only.
    `create table self_report_counts (
       key varchar(255) primary key,
       points integer not null default 0,
       expire bigint
     )`,
  ]);

  // The link holder's rule, in one place: the transaction holds the token of
  // a live link (not revoked) to the client and practice it names. The query
  // on self_report_links is itself filtered by its policies, and the token is
  // checked again here, so setting the identity without holding the link's
  // token reaches nothing. It names no row, so it is evaluated once per query.
  await run(db, [
    `create function wave_link_is_held() returns boolean language sql stable as $$
       select coalesce(wave_current_role() = 'client_link', false)
          and exists (select 1 from self_report_links l
                       where l.practice_id = wave_current_practice_id() and l.id = wave_current_link_id()
                         and l.client_id = wave_current_client_id()
                         and l.revoked_at is null and l.token_hash = ${LINK_TOKEN})
     $$`,
    // The two facts about its client the server needs while serving a link:
    // whom to notify (the client's consultant) and the birth date for the
    // plausibility rule. The link holder cannot see the clients table, so
    // this runs as its owner, who must bypass row-level security as the
    // migrations already must (docs/decisions/0021); it answers for the
    // link's own client only.
    `create function wave_link_client() returns table (primary_consultant_id uuid, baby_birth_date date)
       language sql stable security definer set search_path = pg_catalog, public as $$
       select c.primary_consultant_id, c.baby_birth_date from public.clients c
        where public.wave_link_is_held()
          and c.practice_id = public.wave_current_practice_id() and c.id = public.wave_current_client_id()
     $$`,
    `revoke all on function wave_link_client() from public`,
    `grant execute on function wave_current_client_id(), wave_current_link_id(), wave_link_is_held(), wave_link_client() to ${APP_ROLE}`,
  ]);

  await run(db, [
    `alter table self_report_links enable row level security`,
    `alter table self_report_links force row level security`,
    `alter table epds_requests enable row level security`,
    `alter table epds_requests force row level security`,

    `grant select, insert on self_report_links to ${APP_ROLE}`,
    `grant update (revoked_at, revoked_by, last_used_at) on self_report_links to ${APP_ROLE}`,
    `grant select, insert on epds_requests to ${APP_ROLE}`,
    `grant update (fulfilled_at, screening_id) on epds_requests to ${APP_ROLE}`,
    `grant update (phone, crisis_line) on practices to ${APP_ROLE}`,
    `grant select, insert, update, delete on self_report_counts to ${APP_ROLE}`,

    // Staff: like every row under a client.
    `create policy self_report_links_staff on self_report_links for all to ${APP_ROLE}
       using (${clientVisible("self_report_links")}) with check (${clientVisible("self_report_links")})`,
    `create policy epds_requests_staff on epds_requests for all to ${APP_ROLE}
       using (${clientVisible("epds_requests")}) with check (${clientVisible("epds_requests")})`,
    `create policy practices_lead_update on practices for update to ${APP_ROLE}
       using (id = wave_current_practice_id() and wave_current_role() = 'lead')
       with check (id = wave_current_practice_id() and wave_current_role() = 'lead')`,

    // A user row is for staff: the link holder has a practice but no user id.
    `drop policy users_read on users`,
    `create policy users_read on users for select to ${APP_ROLE}
       using ((practice_id = wave_current_practice_id() and wave_current_user_id() is not null)
              or email = nullif(current_setting('wave.login_email', true), ''))`,

    // The link holder.
    `create policy self_report_links_by_token on self_report_links for select to ${APP_ROLE}
       using (token_hash = ${LINK_TOKEN})`,
    `create policy self_report_links_holder_touch on self_report_links for update to ${APP_ROLE}
       using (wave_current_role() = 'client_link' and id = wave_current_link_id() and token_hash = ${LINK_TOKEN})
       with check (wave_current_role() = 'client_link' and id = wave_current_link_id() and token_hash = ${LINK_TOKEN}
                   and revoked_at is null)`,
    `create policy episodes_link_insert on episodes for insert to ${APP_ROLE}
       with check (${LINK_HOLDS} and source = 'client' and recorded_by is null
                   and self_report_link_id = wave_current_link_id())`,
    `create policy episodes_link_read on episodes for select to ${APP_ROLE}
       using (${LINK_HOLDS} and self_report_link_id = wave_current_link_id())`,
    `create policy screenings_link_insert on screenings for insert to ${APP_ROLE}
       with check (${LINK_HOLDS} and source = 'client' and recorded_by is null
                   and self_report_link_id = wave_current_link_id())`,
    `create policy screenings_link_read on screenings for select to ${APP_ROLE}
       using (${LINK_HOLDS} and self_report_link_id = wave_current_link_id())`,
    `create policy safety_alerts_link_raise on safety_alerts for insert to ${APP_ROLE}
       with check (${LINK_HOLDS} and source in ('self_report', 'epds')
                   and acknowledged_at is null and resolved_at is null)`,
    // INSERT ... ON CONFLICT needs the new row visible: the link sees the
    // alerts raised on what it sent itself (those subqueries are filtered by
    // the link's own policies), nothing else.
    `create policy safety_alerts_link_own on safety_alerts for select to ${APP_ROLE}
       using (${LINK_HOLDS} and (
         (source = 'self_report' and exists (
            select 1 from episodes e where e.practice_id = safety_alerts.practice_id and e.id = safety_alerts.source_id))
         or (source = 'epds' and exists (
            select 1 from screenings s where s.practice_id = safety_alerts.practice_id and s.id = safety_alerts.source_id))))`,
    // The open request, and the one this link answered: an UPDATE's new row must stay visible.
    `create policy epds_requests_link_open on epds_requests for select to ${APP_ROLE}
       using (${LINK_HOLDS} and (fulfilled_at is null or exists (
         select 1 from screenings s where s.practice_id = epds_requests.practice_id and s.id = epds_requests.screening_id)))`,
    `create policy epds_requests_link_fulfil on epds_requests for update to ${APP_ROLE}
       using (${LINK_HOLDS} and fulfilled_at is null)
       with check (${LINK_HOLDS} and fulfilled_at is not null)`,
  ]);

  // Live updates (docs/decisions/0014): the shared trigger finds a changed
  // client's consultant through the clients table, which the link holder
  // cannot see, so its writes would reach no open screen. This second
  // trigger speaks for the link holder's writes alone.
  await run(db, [
    `
    create function wave_notify_link_changes() returns trigger
    language plpgsql
    set search_path = pg_catalog, public
    as $fn$
    begin
      if wave_current_role() is distinct from 'client_link' then
        return null;
      end if;
      perform pg_notify('${LIVE_CHANNEL}', json_build_object(
                'p', r.practice_id, 'c', r.client_id, 'k', tg_table_name,
                'u', array(select l.primary_consultant_id from wave_link_client() l))::text)
         from (select distinct practice_id, client_id from changed_rows) r;
      return null;
    end
    $fn$
    `,
  ]);
  for (const table of LINK_WRITTEN_TABLES) {
    await run(db, [
      `create trigger ${table}_notify_link_insert after insert on ${table}
         referencing new table as changed_rows
         for each statement execute function wave_notify_link_changes()`,
    ]);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of LINK_WRITTEN_TABLES) {
    await run(db, [`drop trigger if exists ${table}_notify_link_insert on ${table}`]);
  }
  await run(db, [
    `drop function if exists wave_notify_link_changes()`,
    `drop policy if exists safety_alerts_link_own on safety_alerts`,
    `drop policy if exists safety_alerts_link_raise on safety_alerts`,
    `drop policy if exists screenings_link_read on screenings`,
    `drop policy if exists screenings_link_insert on screenings`,
    `drop policy if exists episodes_link_read on episodes`,
    `drop policy if exists episodes_link_insert on episodes`,
    `drop policy if exists practices_lead_update on practices`,
    `revoke update (phone, crisis_line) on practices from ${APP_ROLE}`,
    `drop policy users_read on users`,
    `create policy users_read on users for select to ${APP_ROLE}
       using (practice_id = wave_current_practice_id()
              or email = nullif(current_setting('wave.login_email', true), ''))`,
    `drop table if exists self_report_counts`,
    `drop table if exists epds_requests`,
    // Health data is never deleted to go back: with client reports stored
    // (a skipped feeling, a client's EPDS) the old constraints refuse to
    // return, and so does this migration.
    `alter table screenings
       drop constraint if exists screenings_link_is_client,
       drop constraint if exists screenings_self_report_link_fk,
       drop constraint if exists screenings_recorded_by_source,
       drop column if exists self_report_link_id,
       drop column if exists source,
       alter column recorded_by set not null`,
    `alter table episodes
       drop constraint if exists episodes_link_is_client,
       drop constraint if exists episodes_self_report_link_fk,
       drop column if exists self_report_link_id,
       drop constraint episodes_types_check,
       add constraint episodes_types_check check (
         cardinality(types) between 1 and 3
         and types <@ array['despondency', 'anxiety', 'anger']::text[])`,
    `drop table if exists self_report_links`,
    `drop function if exists wave_link_client()`,
    `drop function if exists wave_link_is_held()`,
    `drop function if exists wave_current_link_id()`,
    `drop function if exists wave_current_client_id()`,
    `alter table practices drop column if exists crisis_line, drop column if exists phone`,
  ]);
}

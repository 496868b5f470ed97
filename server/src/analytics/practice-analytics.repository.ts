import { sql } from "kysely";
import type { Tx } from "@wave/db";
import type { InterventionKind, Outcome } from "@wave/shared";
import { meanInBand } from "./band-sql.js";

// SQL for the lead's aggregates. Every measure returns the ids of the
// clients it rests on, so suppression and drill-down use exactly the same
// set as the number. Row-level security limits every query to the caller's
// practice. Weeks are Monday-Sunday in UTC.

export interface Range {
  /** Inclusive start, midnight UTC. */
  from: Date;
  /** Exclusive end, midnight UTC after the last day. */
  to: Date;
  consultantId?: string | undefined;
}

export interface WeekRow {
  weekStart: Date;
  activeClientIds: string[];
  episodes: number;
  meanIntensity: number | null;
  episodeClientIds: string[];
  mildClientIds: string[];
  moderateClientIds: string[];
  severeClientIds: string[];
  newClientIds: string[];
  dischargedClientIds: string[];
}

export async function weeklyOverview(tx: Tx, range: Range): Promise<WeekRow[]> {
  const result = await sql<{
    week_start: Date;
    active_ids: string[] | null;
    episodes: number;
    mean_intensity: number | null;
    episode_client_ids: string[] | null;
    mild_ids: string[] | null;
    moderate_ids: string[] | null;
    severe_ids: string[] | null;
    new_ids: string[] | null;
    discharged_ids: string[] | null;
  }>`
    with weeks as (
      select generate_series(
        date_trunc('week', ${range.from}::timestamptz, 'UTC'),
        ${range.to}::timestamptz - interval '1 microsecond',
        interval '1 week') as week_start
    ),
    scoped as (
      select id, created_at, discharged_at from clients
      ${range.consultantId ? sql`where primary_consultant_id = ${range.consultantId}` : sql``}
    ),
    client_week as (
      select w.week_start, e.client_id, count(*)::int as n, avg(e.intensity) as mean
      from weeks w
      join episodes e on e.occurred_at >= w.week_start and e.occurred_at < w.week_start + interval '1 week'
      join scoped c on c.id = e.client_id
      group by w.week_start, e.client_id
    )
    select
      w.week_start,
      (select array_agg(c.id order by c.id) from scoped c
        where c.created_at < w.week_start + interval '1 week'
          and (c.discharged_at is null or c.discharged_at >= w.week_start)) as active_ids,
      (select array_agg(c.id order by c.id) from scoped c
        where c.created_at >= w.week_start and c.created_at < w.week_start + interval '1 week') as new_ids,
      (select array_agg(c.id order by c.id) from scoped c
        where c.discharged_at >= w.week_start and c.discharged_at < w.week_start + interval '1 week') as discharged_ids,
      coalesce(sum(cw.n), 0)::int as episodes,
      (sum(cw.mean * cw.n) / nullif(sum(cw.n), 0))::float8 as mean_intensity,
      array_agg(cw.client_id order by cw.client_id) filter (where cw.client_id is not null) as episode_client_ids,
      array_agg(cw.client_id order by cw.client_id) filter (where ${meanInBand(sql.ref("cw.mean"), "mild")}) as mild_ids,
      array_agg(cw.client_id order by cw.client_id) filter (where ${meanInBand(sql.ref("cw.mean"), "moderate")}) as moderate_ids,
      array_agg(cw.client_id order by cw.client_id) filter (where ${meanInBand(sql.ref("cw.mean"), "severe")}) as severe_ids
    from weeks w
    left join client_week cw on cw.week_start = w.week_start
    group by w.week_start
    order by w.week_start
  `.execute(tx);
  return result.rows.map((row) => ({
    weekStart: row.week_start,
    activeClientIds: row.active_ids ?? [],
    episodes: row.episodes,
    meanIntensity: row.mean_intensity,
    episodeClientIds: row.episode_client_ids ?? [],
    mildClientIds: row.mild_ids ?? [],
    moderateClientIds: row.moderate_ids ?? [],
    severeClientIds: row.severe_ids ?? [],
    newClientIds: row.new_ids ?? [],
    dischargedClientIds: row.discharged_ids ?? [],
  }));
}

/** Clients who joined, and who were discharged, within the range. */
export async function admissionsAndDischarges(tx: Tx, range: Range): Promise<{ newClientIds: string[]; dischargedClientIds: string[] }> {
  const rows = await tx
    .selectFrom("clients")
    .select(["id", "created_at", "discharged_at"])
    .$if(Boolean(range.consultantId), (query) => query.where("primary_consultant_id", "=", range.consultantId ?? ""))
    .where((eb) =>
      eb.or([
        eb.and([eb("created_at", ">=", range.from), eb("created_at", "<", range.to)]),
        eb.and([eb("discharged_at", ">=", range.from), eb("discharged_at", "<", range.to)]),
      ]),
    )
    .execute();
  const within = (date: Date | null) => date !== null && date >= range.from && date < range.to;
  return {
    newClientIds: rows.filter((row) => within(row.created_at)).map((row) => row.id),
    dischargedClientIds: rows.filter((row) => within(row.discharged_at)).map((row) => row.id),
  };
}

export interface InterventionEffectRow {
  interventionId: string;
  clientId: string;
  kind: InterventionKind;
  startedAt: Date;
  latestOutcome: Outcome | null;
  beforeCount: number;
  beforeMean: number | null;
  afterCount: number;
  afterMean: number | null;
}

/** Interventions started in the range, each with the 14-day windows either side of its start and its latest outcome. */
export async function interventionEffects(tx: Tx, range: Range): Promise<InterventionEffectRow[]> {
  const result = await sql<{
    id: string;
    client_id: string;
    kind: InterventionKind;
    started_at: Date;
    latest_outcome: Outcome | null;
    before_count: number;
    before_mean: number | null;
    after_count: number;
    after_mean: number | null;
  }>`
    select i.id, i.client_id, i.kind, i.started_at,
      latest.outcome as latest_outcome,
      coalesce(windows.before_count, 0)::int as before_count, windows.before_mean::float8 as before_mean,
      coalesce(windows.after_count, 0)::int as after_count, windows.after_mean::float8 as after_mean
    from interventions i
    join clients c on c.practice_id = i.practice_id and c.id = i.client_id
    left join lateral (
      select o.outcome from intervention_outcomes o
      where o.practice_id = i.practice_id and o.intervention_id = i.id
      order by o.assessed_at desc, o.created_at desc limit 1
    ) latest on true
    left join lateral (
      select
        count(*) filter (where e.occurred_at < i.started_at) as before_count,
        avg(e.intensity) filter (where e.occurred_at < i.started_at) as before_mean,
        count(*) filter (where e.occurred_at >= i.started_at) as after_count,
        avg(e.intensity) filter (where e.occurred_at >= i.started_at) as after_mean
      from episodes e
      where e.practice_id = i.practice_id and e.client_id = i.client_id
        and e.occurred_at >= i.started_at - interval '14 days'
        and e.occurred_at < i.started_at + interval '14 days'
    ) windows on true
    where i.started_at >= ${range.from} and i.started_at < ${range.to}
      ${range.consultantId ? sql`and c.primary_consultant_id = ${range.consultantId}` : sql``}
    order by i.kind, i.client_id, i.started_at, i.id
  `.execute(tx);
  return result.rows.map((row) => ({
    interventionId: row.id,
    clientId: row.client_id,
    kind: row.kind,
    startedAt: row.started_at,
    latestOutcome: row.latest_outcome,
    beforeCount: row.before_count,
    beforeMean: row.before_mean,
    afterCount: row.after_count,
    afterMean: row.after_mean,
  }));
}

export interface CourseClient {
  clientId: string;
  babyBirthDate: string;
  /** When observation ends: discharge, or now. */
  observedUntil: Date;
  episodes: { occurredAt: Date; intensity: number }[];
}

/** Every client's birth date and rated episodes, for the course by postpartum week. */
export async function courseClients(tx: Tx, consultantId: string | undefined, now: Date): Promise<CourseClient[]> {
  const clients = await tx
    .selectFrom("clients")
    .select(["id", "baby_birth_date", "discharged_at"])
    .$if(Boolean(consultantId), (query) => query.where("primary_consultant_id", "=", consultantId ?? ""))
    .execute();
  const episodes = await tx
    .selectFrom("episodes")
    .select(["client_id", "occurred_at", "intensity"])
    .where("occurred_at", "<=", now)
    .orderBy("occurred_at")
    .execute();
  const byClient = new Map<string, { occurredAt: Date; intensity: number }[]>();
  for (const episode of episodes) {
    const list = byClient.get(episode.client_id) ?? [];
    list.push({ occurredAt: episode.occurred_at, intensity: episode.intensity });
    byClient.set(episode.client_id, list);
  }
  return clients.map((client) => ({
    clientId: client.id,
    babyBirthDate: client.baby_birth_date,
    observedUntil: client.discharged_at && client.discharged_at < now ? client.discharged_at : now,
    episodes: byClient.get(client.id) ?? [],
  }));
}

export interface WorkloadFacts {
  consultantId: string;
  consultantName: string;
  deactivated: boolean;
  activeClientIds: string[];
  overdueClientIds: string[];
  overdueFollowUps: number;
  episodeClientIds: string[];
  episodes30d: number;
}

export async function workloadFacts(tx: Tx, now: Date): Promise<WorkloadFacts[]> {
  const since = new Date(now.getTime() - 30 * 24 * 60 * 60 * 1000);
  const result = await sql<{
    id: string;
    name: string;
    deactivated: boolean;
    active_ids: string[] | null;
    overdue_ids: string[] | null;
    overdue: number;
    episode_client_ids: string[] | null;
    episodes: number;
  }>`
    select u.id, u.name, (u.deactivated_at is not null) as deactivated,
      (select array_agg(c.id order by c.id) from clients c
        where c.primary_consultant_id = u.id and c.status = 'active') as active_ids,
      (select array_agg(distinct f.client_id) from follow_ups f join clients c on c.practice_id = f.practice_id and c.id = f.client_id
        where c.primary_consultant_id = u.id and f.completed_at is null and f.due_at < ${now}) as overdue_ids,
      (select count(*)::int from follow_ups f join clients c on c.practice_id = f.practice_id and c.id = f.client_id
        where c.primary_consultant_id = u.id and f.completed_at is null and f.due_at < ${now}) as overdue,
      (select array_agg(distinct e.client_id) from episodes e join clients c on c.practice_id = e.practice_id and c.id = e.client_id
        where c.primary_consultant_id = u.id and e.recorded_at > ${since}) as episode_client_ids,
      (select count(*)::int from episodes e join clients c on c.practice_id = e.practice_id and c.id = e.client_id
        where c.primary_consultant_id = u.id and e.recorded_at > ${since}) as episodes
    from users u
    where u.role = 'consultant'
    order by u.name
  `.execute(tx);
  return result.rows.map((row) => ({
    consultantId: row.id,
    consultantName: row.name,
    deactivated: row.deactivated,
    activeClientIds: row.active_ids ?? [],
    overdueClientIds: row.overdue_ids ?? [],
    overdueFollowUps: row.overdue,
    episodeClientIds: row.episode_client_ids ?? [],
    episodes30d: row.episodes,
  }));
}

/** Display names of the clients behind a cell, for a lead's drill-down. */
export async function clientsByIds(
  tx: Tx,
  clientIds: readonly string[],
): Promise<{ clientId: string; displayName: string; consultantName: string }[]> {
  if (clientIds.length === 0) return [];
  const rows = await tx
    .selectFrom("clients")
    .innerJoin("users", (join) =>
      join.onRef("users.practice_id", "=", "clients.practice_id").onRef("users.id", "=", "clients.primary_consultant_id"),
    )
    .select(["clients.id", "clients.display_name", "users.name"])
    .where("clients.id", "in", clientIds)
    .orderBy("clients.display_name")
    .execute();
  return rows.map((row) => ({ clientId: row.id, displayName: row.display_name, consultantName: row.name }));
}

export interface SafetyAlertFacts {
  openAlerts: number;
  acknowledgedOpen: number;
  /** Hours from raised to resolved, for alerts resolved in the range. */
  hoursToResolve: number[];
  /** Hours the longest-open alert has been open, now. */
  longestOpenHours: number | null;
}

/**
 * The practice's safety-alert measures: how many are open now and for how
 * long, and how quickly the ones resolved in the range were followed up.
 * Operational numbers (DOMAIN.md): never small-cell suppressed.
 */
export async function safetyAlertFacts(tx: Tx, range: Range, now: Date): Promise<SafetyAlertFacts> {
  const consultantFilter = range.consultantId ? sql`and c.primary_consultant_id = ${range.consultantId}` : sql``;
  const open = await sql<{ open_alerts: number; acknowledged_open: number; longest_open_hours: number | null }>`
    select count(*)::int as open_alerts,
           count(*) filter (where a.acknowledged_at is not null)::int as acknowledged_open,
           (extract(epoch from ${now}::timestamptz - min(a.raised_at)) / 3600)::float8 as longest_open_hours
      from safety_alerts a
      join clients c on c.practice_id = a.practice_id and c.id = a.client_id
     where a.resolved_at is null ${consultantFilter}
  `.execute(tx);
  const resolved = await sql<{ hours: number }>`
    select (extract(epoch from a.resolved_at - a.raised_at) / 3600)::float8 as hours
      from safety_alerts a
      join clients c on c.practice_id = a.practice_id and c.id = a.client_id
     where a.resolved_at >= ${range.from} and a.resolved_at < ${range.to} ${consultantFilter}
  `.execute(tx);
  const row = open.rows[0];
  return {
    openAlerts: row?.open_alerts ?? 0,
    acknowledgedOpen: row?.acknowledged_open ?? 0,
    hoursToResolve: resolved.rows.map((entry) => entry.hours),
    longestOpenHours: row?.longest_open_hours ?? null,
  };
}

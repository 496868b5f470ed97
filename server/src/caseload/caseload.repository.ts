import { sql } from "kysely";
import type { Tx } from "@wave/db";
import type { AlertRef } from "@wave/shared";
import { listAlerts, toAlertRef } from "../alerts/alerts.repository.js";

/** Per-client facts the caseload row and the flags are computed from. */
export interface ClientSummaryFacts {
  clientId: string;
  displayName: string;
  consultantId: string;
  consultantName: string;
  consultantDeactivated: boolean;
  babyBirthDate: string;
  consideringWeaning: boolean;
  status: "active" | "discharged";
  nextFollowUpAt: Date | null;
  episodes7d: number;
  episodes30d: number;
  meanIntensity30d: number | null;
  lastEpisodeAt: Date | null;
  recentCount: number;
  recentMean: number | null;
  previousCount: number;
  previousMean: number | null;
  weaningMentionedAt: Date | null;
  /** Open safety alerts, oldest first: what the self_harm flag rests on. */
  openAlerts: AlertRef[];
  latestEpdsTotal: number | null;
  latestEpdsAt: Date | null;
}

export interface SummaryQuery {
  now: Date;
  /** Narrow to one consultant's clients (a consultant's own caseload, or a lead's filter). */
  consultantId?: string;
  clientId?: string;
  search?: string;
  includeDischarged?: boolean;
  /** Only clients with an open safety alert, whatever their status (the caseload's pinned block). */
  onlyWithOpenAlerts?: boolean;
}

interface SummaryRow {
  client_id: string;
  display_name: string;
  consultant_id: string;
  consultant_name: string;
  consultant_deactivated: boolean;
  baby_birth_date: string;
  considering_weaning: boolean;
  status: "active" | "discharged";
  next_follow_up_at: Date | null;
  episodes_7d: number;
  episodes_30d: number;
  mean_30d: number | null;
  last_episode_at: Date | null;
  recent_count: number;
  recent_mean: number | null;
  previous_count: number;
  previous_mean: number | null;
  weaning_mentioned_at: Date | null;
  latest_epds_total: number | null;
  latest_epds_at: Date | null;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * One query for the whole caseload: each client's episode statistics over the
 * last 30 days (the two 14-day trend windows included), the latest EPDS, and
 * (a second, small query) the open safety alerts. Row-level security limits
 * the clients to those the caller may see.
 */
export async function listClientSummaryFacts(tx: Tx, query: SummaryQuery): Promise<ClientSummaryFacts[]> {
  const { now } = query;
  const day = 24 * 60 * 60 * 1000;
  const since7 = new Date(now.getTime() - 7 * day);
  const since14 = new Date(now.getTime() - 14 * day);
  const since28 = new Date(now.getTime() - 28 * day);
  const since30 = new Date(now.getTime() - 30 * day);
  const search = query.search ? `%${escapeLike(query.search)}%` : null;

  const result = await sql<SummaryRow>`
    select
      c.id as client_id,
      c.display_name,
      c.primary_consultant_id as consultant_id,
      u.name as consultant_name,
      (u.deactivated_at is not null) as consultant_deactivated,
      c.baby_birth_date,
      c.considering_weaning,
      c.status,
      c.next_follow_up_at,
      coalesce(e.episodes_7d, 0)::int as episodes_7d,
      coalesce(e.episodes_30d, 0)::int as episodes_30d,
      e.mean_30d::float8 as mean_30d,
      last_episode.occurred_at as last_episode_at,
      coalesce(e.recent_count, 0)::int as recent_count,
      e.recent_mean::float8 as recent_mean,
      coalesce(e.previous_count, 0)::int as previous_count,
      e.previous_mean::float8 as previous_mean,
      e.weaning_mentioned_at,
      latest_epds.total::int as latest_epds_total,
      latest_epds.taken_at as latest_epds_at
    from clients c
    join users u on u.practice_id = c.practice_id and u.id = c.primary_consultant_id
    left join lateral (
      select
        count(*) filter (where ep.occurred_at > ${since7}) as episodes_7d,
        count(*) as episodes_30d,
        avg(ep.intensity) as mean_30d,
        count(*) filter (where ep.occurred_at > ${since14}) as recent_count,
        avg(ep.intensity) filter (where ep.occurred_at > ${since14}) as recent_mean,
        count(*) filter (where ep.occurred_at > ${since28} and ep.occurred_at <= ${since14}) as previous_count,
        avg(ep.intensity) filter (where ep.occurred_at > ${since28} and ep.occurred_at <= ${since14}) as previous_mean,
        max(ep.occurred_at) filter (where ep.impact = 'considering_weaning') as weaning_mentioned_at
      from episodes ep
      where ep.practice_id = c.practice_id and ep.client_id = c.id
        and ep.occurred_at > ${since30} and ep.occurred_at <= ${now}
    ) e on true
    left join lateral (
      select max(ep.occurred_at) as occurred_at from episodes ep
      where ep.practice_id = c.practice_id and ep.client_id = c.id and ep.occurred_at <= ${now}
    ) last_episode on true
    left join lateral (
      select s.total, s.taken_at from screenings s
      where s.practice_id = c.practice_id and s.client_id = c.id
      order by s.taken_at desc limit 1
    ) latest_epds on true
    where true
      ${query.consultantId ? sql`and c.primary_consultant_id = ${query.consultantId}` : sql``}
      ${query.clientId ? sql`and c.id = ${query.clientId}` : sql``}
      ${query.includeDischarged || query.onlyWithOpenAlerts ? sql`` : sql`and c.status = 'active'`}
      ${
        query.onlyWithOpenAlerts
          ? sql`and exists (select 1 from safety_alerts a
                 where a.practice_id = c.practice_id and a.client_id = c.id and a.resolved_at is null)`
          : sql``
      }
      ${search ? sql`and c.display_name ilike ${search}` : sql``}
  `.execute(tx);

  const alertsByClient = new Map<string, AlertRef[]>();
  if (result.rows.length > 0) {
    const open = await listAlerts(tx, {
      consultantId: query.consultantId,
      ...(query.clientId ? { clientIds: [query.clientId] } : {}),
    });
    for (const alert of open) {
      const list = alertsByClient.get(alert.clientId) ?? [];
      list.push(toAlertRef(alert));
      alertsByClient.set(alert.clientId, list);
    }
  }

  return result.rows.map((row) => ({
    clientId: row.client_id,
    displayName: row.display_name,
    consultantId: row.consultant_id,
    consultantName: row.consultant_name,
    consultantDeactivated: row.consultant_deactivated,
    babyBirthDate: row.baby_birth_date,
    consideringWeaning: row.considering_weaning,
    status: row.status,
    nextFollowUpAt: row.next_follow_up_at,
    episodes7d: row.episodes_7d,
    episodes30d: row.episodes_30d,
    meanIntensity30d: row.mean_30d,
    lastEpisodeAt: row.last_episode_at,
    recentCount: row.recent_count,
    recentMean: row.recent_mean,
    previousCount: row.previous_count,
    previousMean: row.previous_mean,
    weaningMentionedAt: row.weaning_mentioned_at,
    openAlerts: alertsByClient.get(row.client_id) ?? [],
    latestEpdsTotal: row.latest_epds_total,
    latestEpdsAt: row.latest_epds_at,
  }));
}

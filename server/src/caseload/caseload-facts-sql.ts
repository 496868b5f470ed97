import { sql, type RawBuilder } from "kysely";
import { EPDS_PROBABLE_DEPRESSION, TREND_MIN_CHANGE, TREND_MIN_EPISODES } from "@wave/shared";

/** Which clients a caseload statement covers; row-level security narrows it further. */
export interface FactsScope {
  /** Named in the statement itself, not only through row-level security (Citus routes on it). */
  practiceId: string;
  now: Date;
  /** Narrow to one consultant's clients (a consultant's own caseload, or a lead's filter). */
  consultantId?: string | undefined;
  clientId?: string | undefined;
  search?: string | undefined;
  includeDischarged?: boolean | undefined;
  /** Only clients with an open safety alert, whatever their status (the caseload's pinned block). */
  onlyWithOpenAlerts?: boolean | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * A select of one row per client in scope with every fact the caseload
 * shows, ranks and filters on, named as ClientFactsRow's columns.
 *
 * The facts come from client_summaries (kept by triggers in each write's
 * transaction, db/src/migrations/2026-12-01T0006_client-summaries.ts). A
 * summary's windowed counts hold from `windows_at` until `windows_stale_at`;
 * for a client read outside that span (or with no summary yet) the same
 * windows are computed here from episodes, so the answer is exact at every
 * instant. The lateral subqueries' `not s.fresh` is a one-time filter: a
 * fresh client's episodes are never read.
 */
export function clientFactsSelect(scope: FactsScope): RawBuilder<unknown> {
  const { now } = scope;
  const since7 = daysBefore(now, 7);
  const since14 = daysBefore(now, 14);
  const since28 = daysBefore(now, 28);
  const since30 = daysBefore(now, 30);
  const search = scope.search ? `%${escapeLike(scope.search)}%` : null;
  return sql`
    select
      b.client_id, b.display_name, b.consultant_id, b.consultant_name, b.consultant_deactivated,
      b.baby_birth_date, b.considering_weaning, b.status, b.next_follow_up_at,
      case when b.fresh then b.s_episodes_7d else coalesce(w.episodes_7d, 0) end::int as episodes_7d,
      case when b.fresh then b.s_episodes_30d else coalesce(w.episodes_30d, 0) end::int as episodes_30d,
      case when b.fresh then b.s_intensity_sum_30d else coalesce(w.intensity_sum_30d, 0) end::int as intensity_sum_30d,
      case when b.fresh then b.s_recent_count else coalesce(w.recent_count, 0) end::int as recent_count,
      case when b.fresh then b.s_recent_sum else coalesce(w.recent_sum, 0) end::int as recent_sum,
      case when b.fresh then b.s_previous_count else coalesce(w.previous_count, 0) end::int as previous_count,
      case when b.fresh then b.s_previous_sum else coalesce(w.previous_sum, 0) end::int as previous_sum,
      case when b.fresh then (case when b.s_last_weaning_at > ${since30} then b.s_last_weaning_at end)
           else w.weaning_mentioned_at end as weaning_mentioned_at,
      case when b.fresh then b.s_last_episode_at else last_episode.occurred_at end as last_episode_at,
      case when b.summarised then b.s_latest_epds_total else latest_epds.total end::int as latest_epds_total,
      case when b.summarised then b.s_latest_epds_at else latest_epds.taken_at end as latest_epds_at,
      case when b.summarised then b.s_open_alerts else coalesce(open_alerts.open, 0) end::int as open_alerts
    from (
      select
        c.practice_id, c.id as client_id, c.display_name, c.primary_consultant_id as consultant_id,
        u.name as consultant_name, (u.deactivated_at is not null) as consultant_deactivated,
        c.baby_birth_date, c.considering_weaning, c.status, c.next_follow_up_at,
        (s.client_id is not null) as summarised,
        (s.client_id is not null and s.windows_at <= ${now}
          and (s.windows_stale_at is null or ${now} < s.windows_stale_at)) as fresh,
        s.episodes_7d as s_episodes_7d, s.episodes_30d as s_episodes_30d, s.intensity_sum_30d as s_intensity_sum_30d,
        s.recent_count as s_recent_count, s.recent_sum as s_recent_sum,
        s.previous_count as s_previous_count, s.previous_sum as s_previous_sum,
        s.last_weaning_at as s_last_weaning_at, s.last_episode_at as s_last_episode_at,
        s.latest_epds_total as s_latest_epds_total, s.latest_epds_at as s_latest_epds_at, s.open_alerts as s_open_alerts
      from clients c
      join users u on u.practice_id = c.practice_id and u.id = c.primary_consultant_id
      left join client_summaries s on s.practice_id = c.practice_id and s.client_id = c.id
      where c.practice_id = ${scope.practiceId}
        ${scope.consultantId ? sql`and c.primary_consultant_id = ${scope.consultantId}` : sql``}
        ${scope.clientId ? sql`and c.id = ${scope.clientId}` : sql``}
        ${scope.includeDischarged || scope.onlyWithOpenAlerts ? sql`` : sql`and c.status = 'active'`}
        ${
          scope.onlyWithOpenAlerts
            ? sql`and exists (select 1 from safety_alerts a
                   where a.practice_id = c.practice_id and a.client_id = c.id and a.resolved_at is null)`
            : sql``
        }
        ${search ? sql`and c.display_name ilike ${search}` : sql``}
    ) b
    left join lateral (
      select
        count(*) filter (where ep.occurred_at > ${since7}) as episodes_7d,
        count(*) as episodes_30d,
        sum(ep.intensity) as intensity_sum_30d,
        count(*) filter (where ep.occurred_at > ${since14}) as recent_count,
        sum(ep.intensity) filter (where ep.occurred_at > ${since14}) as recent_sum,
        count(*) filter (where ep.occurred_at > ${since28} and ep.occurred_at <= ${since14}) as previous_count,
        sum(ep.intensity) filter (where ep.occurred_at > ${since28} and ep.occurred_at <= ${since14}) as previous_sum,
        max(ep.occurred_at) filter (where ep.impact = 'considering_weaning') as weaning_mentioned_at
      from episodes ep
      where not b.fresh and ep.practice_id = b.practice_id and ep.client_id = b.client_id
        and ep.occurred_at > ${since30} and ep.occurred_at <= ${now}
    ) w on true
    left join lateral (
      select ep.occurred_at from episodes ep
      where not b.fresh and ep.practice_id = b.practice_id and ep.client_id = b.client_id and ep.occurred_at <= ${now}
      order by ep.occurred_at desc limit 1
    ) last_episode on true
    left join lateral (
      select sc.total, sc.taken_at from screenings sc
      where not b.summarised and sc.practice_id = b.practice_id and sc.client_id = b.client_id
      order by sc.taken_at desc limit 1
    ) latest_epds on true
    left join lateral (
      select count(*) as open from safety_alerts a
      where not b.summarised and a.practice_id = b.practice_id and a.client_id = b.client_id and a.resolved_at is null
    ) open_alerts on true
  `;
}

/**
 * The rules of shared/ (trend.ts, epds.ts, flags.ts, postpartum.ts) as SQL
 * over clientFactsSelect's columns, for filtering and sorting the caseload
 * in the database. Means are float8 divisions, the same IEEE arithmetic as
 * the TypeScript rules, so a row's trend here and on the page agree; the
 * property test in caseload-order.int.test.ts holds the two together.
 */
export function ruleColumns(now: Date): RawBuilder<unknown> {
  const recentMean = sql`(f.recent_sum::float8 / nullif(f.recent_count, 0))`;
  const previousMean = sql`(f.previous_sum::float8 / nullif(f.previous_count, 0))`;
  const trend = sql`case
      when f.previous_count < ${sql.lit(TREND_MIN_EPISODES)} or f.recent_count < ${sql.lit(TREND_MIN_EPISODES)} then 'insufficient_data'
      when ${recentMean} - ${previousMean} <= ${sql.lit(-TREND_MIN_CHANGE)} then 'improving'
      when ${recentMean} - ${previousMean} >= ${sql.lit(TREND_MIN_CHANGE)} then 'worsening'
      else 'stable' end`;
  return sql`
    (f.intensity_sum_30d::numeric / nullif(f.episodes_30d, 0)) as mean_30d_exact,
    ${trend} as trend,
    greatest(0, floor((extract(epoch from ${now}::timestamptz)
      - extract(epoch from f.baby_birth_date::timestamp at time zone 'UTC')) / ${sql.lit(7 * 24 * 60 * 60)}))::int as postpartum_weeks,
    (f.open_alerts > 0) as flag_self_harm,
    (coalesce(f.latest_epds_total, 0) >= ${sql.lit(EPDS_PROBABLE_DEPRESSION)}) as flag_epds_high,
    (${trend} = 'worsening') as flag_worsening,
    (f.next_follow_up_at is not null and f.next_follow_up_at < ${now}) as flag_follow_up_overdue,
    (f.considering_weaning or f.weaning_mentioned_at is not null) as flag_considering_weaning
  `;
}

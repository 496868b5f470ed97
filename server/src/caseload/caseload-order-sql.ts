import { sql, type RawBuilder } from "kysely";
import type { Band, CaseloadSortField, Flag } from "@wave/shared";
import { meanInBand } from "../analytics/band-sql.js";

// The caseload's filters and orders as SQL over the columns of
// caseload-facts-sql.ts (alias f for facts, r for the rule columns), so a
// page is cut in the database. caseload-reference.ts states the same order
// in TypeScript; the property test holds the two together.

export interface CaseloadFilters {
  band?: Band | undefined;
  flag?: Flag | undefined;
  anyFlag?: boolean | undefined;
  followUpDueWithinDays?: number | undefined;
  noEpisodeInDays?: number | undefined;
  awaitingReassignment?: boolean | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Each flag as the boolean rule column that says a client carries it. */
export const FLAG_COLUMNS: Record<Flag, RawBuilder<boolean>> = {
  self_harm: sql`r.flag_self_harm`,
  epds_high: sql`r.flag_epds_high`,
  worsening: sql`r.flag_worsening`,
  follow_up_overdue: sql`r.flag_follow_up_overdue`,
  considering_weaning: sql`r.flag_considering_weaning`,
};
// "Needs attention" order (shared/src/attention.ts): self-harm, EPDS >= 13, worsening, overdue, weaning.
const FLAG_PRIORITY: readonly Flag[] = ["self_harm", "epds_high", "worsening", "follow_up_overdue", "considering_weaning"];
const BANDS: readonly Band[] = ["mild", "moderate", "severe"];

const bandColumn = sql`case ${sql.join(
  BANDS.map((band, index) => sql`when ${meanInBand(sql`r.mean_30d_exact`, band)} then ${sql.lit(index + 1)}`),
  sql` `,
)} end`;

export function filterConditions(filters: CaseloadFilters, now: Date): RawBuilder<boolean>[] {
  const conditions: RawBuilder<boolean>[] = [];
  if (filters.band) conditions.push(meanInBand(sql`r.mean_30d_exact`, filters.band));
  if (filters.flag) conditions.push(FLAG_COLUMNS[filters.flag]);
  if (filters.anyFlag) conditions.push(sql`(${sql.join(FLAG_PRIORITY.map((flag) => FLAG_COLUMNS[flag]), sql` or `)})`);
  if (filters.awaitingReassignment) conditions.push(sql`f.consultant_deactivated`);
  if (filters.followUpDueWithinDays !== undefined) {
    // Overdue follow-ups are due "this week" too: they are the most due of all.
    const limit = new Date(now.getTime() + filters.followUpDueWithinDays * DAY_MS);
    conditions.push(sql`(f.next_follow_up_at is not null and f.next_follow_up_at <= ${limit})`);
  }
  if (filters.noEpisodeInDays !== undefined) {
    const since = new Date(now.getTime() - filters.noEpisodeInDays * DAY_MS);
    conditions.push(sql`(f.last_episode_at is null or f.last_episode_at < ${since})`);
  }
  return conditions;
}

interface OrderKey {
  value: RawBuilder<unknown>;
  descending: boolean;
}

// Names compare with ASCII letters lower-cased, then as written, byte by
// byte: compareNames (shared/src/attention.ts) exactly, whatever the server's
// locale (lower() would follow it and fold non-ASCII letters too).
const ASCII_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ASCII_LOWER = "abcdefghijklmnopqrstuvwxyz";
const nameKeys = (column: string): [RawBuilder<unknown>, RawBuilder<unknown>] => [
  sql`translate(${sql.ref(column)}, ${sql.lit(ASCII_UPPER)}, ${sql.lit(ASCII_LOWER)}) collate "C"`,
  sql`${sql.ref(column)} collate "C"`,
];

/** The attention order; every key is null-free so reversing it reverses the whole order. */
const ATTENTION_KEYS: readonly OrderKey[] = [
  ...FLAG_PRIORITY.map((flag) => ({ value: FLAG_COLUMNS[flag], descending: true })),
  // Then the most recent episode first; clients with none go last.
  { value: sql`(f.last_episode_at is null)`, descending: false },
  { value: sql`coalesce(f.last_episode_at, '-infinity'::timestamptz)`, descending: true },
  ...nameKeys("f.display_name").map((value) => ({ value, descending: false })),
  { value: sql`f.client_id`, descending: false },
];

const TREND_ORDER = sql`case r.trend when 'improving' then 1 when 'stable' then 2 when 'insufficient_data' then 3 else 4 end`;

/** Each sortable column as the keys it sorts by, in the chosen direction. */
const COLUMN_KEYS: Record<Exclude<CaseloadSortField, "attention">, [RawBuilder<unknown>, ...RawBuilder<unknown>[]]> = {
  displayName: nameKeys("f.display_name"),
  consultantName: nameKeys("f.consultant_name"),
  postpartumWeeks: [sql`r.postpartum_weeks`],
  episodes7d: [sql`f.episodes_7d`],
  episodes30d: [sql`f.episodes_30d`],
  // As the row shows it (one decimal, half up), ties then in attention order.
  meanIntensity30d: [sql`round(f.intensity_sum_30d * 10::numeric / nullif(f.episodes_30d, 0)) / 10`],
  band: [bandColumn],
  trend: [TREND_ORDER],
  lastEpisodeAt: [sql`f.last_episode_at`],
  nextFollowUpAt: [sql`f.next_follow_up_at`],
};

function orderBy(keys: readonly OrderKey[]): RawBuilder<unknown> {
  return sql.join(
    keys.map((key) => (key.descending ? sql`${key.value} desc` : sql`${key.value} asc`)),
    sql`, `,
  );
}

/**
 * One column ascending or descending, rows without a value last whichever
 * the direction, ties in attention order; or the attention order itself,
 * reversed as a whole when descending.
 */
export function orderClause(field: CaseloadSortField, desc: boolean): RawBuilder<unknown> {
  if (field === "attention") {
    return orderBy(desc ? ATTENTION_KEYS.map((key) => ({ ...key, descending: !key.descending })) : ATTENTION_KEYS);
  }
  const [first, ...more] = COLUMN_KEYS[field];
  return orderBy([
    { value: sql`(${first} is null)`, descending: false },
    ...[first, ...more].map((value) => ({ value, descending: desc })),
    ...ATTENTION_KEYS,
  ]);
}

/** The attention order, for the pinned block. */
export const attentionOrder = orderClause("attention", false);

import { sql } from "kysely";
import { PREPARED_STATEMENT, type Tx } from "@wave/db";
import { flags, type AlertRef, type CaseloadSortField, type Flag } from "@wave/shared";
import { listOpenAlertRefs } from "../alerts/alerts.repository.js";
import { clientFactsSelect, ruleColumns, type FactsScope } from "./caseload-facts-sql.js";
import { attentionOrder, FLAG_COLUMNS, filterConditions, orderClause, type CaseloadFilters } from "./caseload-order-sql.js";

// The caseload's statements are the hottest the app runs and among the
// costliest to plan: prepared once per connection on a server (db/src/connection.ts).
const PREPARED = sql.raw(PREPARED_STATEMENT);

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
  /** The 30-day mean to one decimal, rounded half up from the exact sum and count (as the SQL sorts it). */
  meanIntensity30dRounded: number | null;
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

/** The columns of clientFactsSelect (caseload-facts-sql.ts). */
interface FactsRow {
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
  intensity_sum_30d: number;
  recent_count: number;
  recent_sum: number;
  previous_count: number;
  previous_sum: number;
  weaning_mentioned_at: Date | null;
  last_episode_at: Date | null;
  latest_epds_total: number | null;
  latest_epds_at: Date | null;
  open_alerts: number;
}

export type SummaryQuery = FactsScope;

// A mean as the shared rules compute it: a float division of sum by count.
const meanOf = (sum: number, count: number): number | null => (count > 0 ? sum / count : null);

/** Clients' open alerts already read in this transaction, by client id: not read again. */
export type KnownOpenAlerts = ReadonlyMap<string, readonly AlertRef[]>;

async function attachOpenAlerts(tx: Tx, practiceId: string, rows: FactsRow[], known: KnownOpenAlerts = new Map()): Promise<ClientSummaryFacts[]> {
  const alertsByClient = new Map<string, AlertRef[]>();
  for (const row of rows) {
    const alerts = row.open_alerts > 0 ? known.get(row.client_id) : undefined;
    if (alerts) alertsByClient.set(row.client_id, [...alerts]);
  }
  const withAlerts = rows.filter((row) => row.open_alerts > 0 && !alertsByClient.has(row.client_id)).map((row) => row.client_id);
  for (const { clientId, alert } of await listOpenAlertRefs(tx, { practiceId, clientIds: withAlerts })) {
    const list = alertsByClient.get(clientId) ?? [];
    list.push(alert);
    alertsByClient.set(clientId, list);
  }
  return rows.map((row) => ({
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
    meanIntensity30d: meanOf(row.intensity_sum_30d, row.episodes_30d),
    meanIntensity30dRounded: row.episodes_30d > 0 ? Math.round((row.intensity_sum_30d * 10) / row.episodes_30d) / 10 : null,
    lastEpisodeAt: row.last_episode_at,
    recentCount: row.recent_count,
    recentMean: meanOf(row.recent_sum, row.recent_count),
    previousCount: row.previous_count,
    previousMean: meanOf(row.previous_sum, row.previous_count),
    weaningMentionedAt: row.weaning_mentioned_at,
    openAlerts: alertsByClient.get(row.client_id) ?? [],
    latestEpdsTotal: row.latest_epds_total,
    latestEpdsAt: row.latest_epds_at,
  }));
}

/**
 * Every client in scope with the facts their caseload row is built from, in
 * attention order. Row-level security limits the clients to those the caller
 * may see.
 */
export async function listClientSummaryFacts(tx: Tx, query: SummaryQuery): Promise<ClientSummaryFacts[]> {
  const result = await sql<FactsRow>`${PREPARED}
    select f.* from (${clientFactsSelect(query)} offset 0) f
    cross join lateral (select ${ruleColumns(query.now)} offset 0) r
    order by ${attentionOrder}
  `.execute(tx);
  return attachOpenAlerts(tx, query.practiceId, result.rows);
}

/** A client in scope who carries at least one flag, and which. */
export interface FlaggedClient {
  clientId: string;
  consultantId: string;
  flags: Flag[];
}

/** Each client in scope (`f`) with the rules FLAG_COLUMNS read (`r`): what the flag list and the flag counts select from. */
function flagFactsFrom(query: SummaryQuery) {
  return sql`from (${clientFactsSelect(query)} offset 0) f
    cross join lateral (select ${ruleColumns(query.now)} offset 0) r`;
}

/**
 * The clients in scope carrying any flag, by the same SQL rules as the
 * caseload's flag filter (FLAG_COLUMNS), so a lead's flag count and the
 * caseload filtered by that flag list the same clients. Reads the flags
 * only: the aggregates need no row, name or alert.
 */
export async function listFlaggedClients(tx: Tx, query: SummaryQuery): Promise<FlaggedClient[]> {
  const columns = flags.map((flag) => sql`${FLAG_COLUMNS[flag]} as ${sql.ref(flag)}`);
  const result = await sql<{ client_id: string; consultant_id: string } & Record<Flag, boolean>>`${PREPARED}
    select * from (
      select f.client_id, f.consultant_id, ${sql.join(columns)}
      ${flagFactsFrom(query)}
    ) flagged
    where ${sql.join(flags.map((flag) => sql.ref(flag)), sql` or `)}
    order by client_id
  `.execute(tx);
  return result.rows.map((row) => ({
    clientId: row.client_id,
    consultantId: row.consultant_id,
    flags: flags.filter((flag) => row[flag]),
  }));
}

/**
 * How many clients in scope carry each flag: listFlaggedClients's clients,
 * counted in the database, for a table that shows only the numbers (the
 * lead's overview). Same rules, same scope; the facts hold one row per
 * client, so a count of rows is a count of distinct clients.
 */
export async function countFlaggedClients(tx: Tx, query: SummaryQuery): Promise<Record<Flag, number>> {
  const counts = flags.map((flag) => sql`(count(*) filter (where ${FLAG_COLUMNS[flag]}))::int as ${sql.ref(flag)}`);
  const result = await sql<Record<Flag, number>>`${PREPARED}
    select ${sql.join(counts)}
    ${flagFactsFrom(query)}
  `.execute(tx);
  const [row] = result.rows;
  if (!row) throw new Error("a count of flagged clients returned no row");
  return row;
}

export interface CaseloadPageQuery extends FactsScope {
  filters: CaseloadFilters;
  sort: { field: CaseloadSortField; desc: boolean };
  page: number;
  pageSize: number;
}

export interface CaseloadFactsPage {
  facts: ClientSummaryFacts[];
  /** Clients matching the search and filters. */
  total: number;
  /** Of those, how many have an open safety alert. */
  totalWithOpenAlerts: number;
}

/**
 * One page of the caseload, filtered, sorted and cut in the database. The
 * open alerts of clients in `known` are taken from there (the caseload reads
 * the pinned clients' first), so one request reads them once.
 */
export async function listCaseloadFactsPage(tx: Tx, query: CaseloadPageQuery, known?: KnownOpenAlerts): Promise<CaseloadFactsPage> {
  const conditions = filterConditions(query.filters, query.now);
  const where = conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  const result = await sql<FactsRow & { total: number; total_with_open_alerts: number }>`${PREPARED}
    select f.*, count(*) over ()::int as total, (count(*) filter (where r.flag_self_harm) over ())::int as total_with_open_alerts
    from (${clientFactsSelect(query)} offset 0) f
    cross join lateral (select ${ruleColumns(query.now)} offset 0) r
    ${where}
    order by ${orderClause(query.sort.field, query.sort.desc)}
    limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}
  `.execute(tx);
  const [first] = result.rows;
  if (!first && query.page > 1) {
    // Past the last page: the totals still tell the caller where the pages end.
    const counts = await sql<{ total: number; total_with_open_alerts: number }>`
      select count(*)::int as total, (count(*) filter (where r.flag_self_harm))::int as total_with_open_alerts
      from (${clientFactsSelect(query)} offset 0) f
      cross join lateral (select ${ruleColumns(query.now)} offset 0) r
      ${where}
    `.execute(tx);
    const [totals] = counts.rows;
    return { facts: [], total: totals?.total ?? 0, totalWithOpenAlerts: totals?.total_with_open_alerts ?? 0 };
  }
  return {
    facts: await attachOpenAlerts(tx, query.practiceId, result.rows, known),
    total: first?.total ?? 0,
    totalWithOpenAlerts: first?.total_with_open_alerts ?? 0,
  };
}

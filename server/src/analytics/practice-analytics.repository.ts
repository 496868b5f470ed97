import { sql, type RawBuilder } from "kysely";
import type { Tx } from "@wave/db";
import { outcomes, type InterventionKind, type Outcome } from "@wave/shared";
import { sumInBand } from "./band-sql.js";

// SQL for the lead's aggregates. Every measure returns the clients it rests
// on (their ids, or for the weekly overview and the workload their count
// from the same statement: ClientSet), so suppression and drill-down use
// exactly the same set as the number. Every statement filters on the practice explicitly, and
// row-level security limits it to the caller's practice again. Weeks are Monday-Sunday in UTC.

export interface Range {
  /** Every statement names the practice itself, not only through row-level security (Citus routing). */
  practiceId: string;
  /** Inclusive start, midnight UTC. */
  from: Date;
  /** Exclusive end, midnight UTC after the last day. */
  to: Date;
  consultantId?: string | undefined;
}

/**
 * How a measure's clients come back: their ids, for a drill-down that lists
 * them, or how many they are, for the overview that only shows and
 * suppresses counts (53 weeks of ids are over a megabyte at 1,000 clients),
 * and the workload table.
 * Both are the same statement with a different aggregate, so a count and
 * the ids behind it always agree.
 */
export type ClientSet = "ids" | "count";
export type ClientsOf<S extends ClientSet> = S extends "ids" ? string[] : number;

export interface WeekRow<S extends ClientSet> {
  weekStart: Date;
  activeClients: ClientsOf<S>;
  episodes: number;
  meanIntensity: number | null;
  episodeClients: ClientsOf<S>;
  mildClients: ClientsOf<S>;
  moderateClients: ClientsOf<S>;
  severeClients: ClientsOf<S>;
  newClients: ClientsOf<S>;
  dischargedClients: ClientsOf<S>;
}

type WeekSqlRow = Record<"active" | "episode_clients" | "mild" | "moderate" | "severe" | "new" | "discharged", string[] | number | null> & {
  week_start: Date;
  episodes: number;
  mean_intensity: number | null;
};

/**
 * One pass over the per-client weekly aggregates (analytics_client_weeks,
 * kept by triggers: docs/decisions/0028), grouped by week, beside the
 * practice's clients for the active, new and discharged counts. Each
 * client appears at most once per week and measure (the aggregates' key is
 * practice, week and client), so a count is the number of ids.
 *
 * Whether a client is active, new or discharged in a week depends only on
 * the weeks they joined and left (weeks are whole, Monday to Monday UTC):
 * created_at before the week's end is a joining week at or before it, and
 * discharged_at at or after its start a leaving week at or after it. So the
 * counts go over those (joined, left) pairs, a hundred or so for a thousand
 * clients, and the ids over the clients themselves, with the same tests.
 */
export async function weeklyOverview<S extends ClientSet>(tx: Tx, range: Range, clientSet: S): Promise<WeekRow<S>[]> {
  const ids = clientSet === "ids";
  const collect = (id: RawBuilder<unknown>, only?: RawBuilder<boolean>) => {
    const filter = only ? sql`filter (where ${only})` : sql``;
    return ids ? sql`array_agg(${id} order by ${id}) ${filter}` : sql`(count(${id}) ${filter})::int`;
  };
  const collectUnits = (only: RawBuilder<boolean>) =>
    ids ? sql`array_agg(u.id order by u.id) filter (where ${only})` : sql`coalesce(sum(u.clients) filter (where ${only}), 0)::int`;
  const joinedWeek = sql`date_trunc('week', s.created_at, 'UTC')`;
  const leftWeek = sql`date_trunc('week', s.discharged_at, 'UTC')`;
  const consultantFilter = range.consultantId ? sql`and c.primary_consultant_id = ${range.consultantId}` : sql``;
  const result = await sql<WeekSqlRow>`
    with weeks as (
      -- Steps of 168 hours, not '1 week': a week or a day added to a timestamptz
      -- moves by the session's local calendar, and across a daylight-saving
      -- change that is an hour off the UTC Monday the aggregates are keyed by.
      select generate_series(
        date_trunc('week', ${range.from}::timestamptz, 'UTC'),
        ${range.to}::timestamptz - interval '1 microsecond',
        interval '168 hours') as week_start
    ),
    scoped as materialized (
      select c.id, c.created_at, c.discharged_at from clients c
       where c.practice_id = ${range.practiceId} ${consultantFilter}
    ),
    units as materialized (
      ${
        ids
          ? sql`select s.id, ${joinedWeek} as joined_week, ${leftWeek} as left_week from scoped s`
          : sql`select ${joinedWeek} as joined_week, ${leftWeek} as left_week, count(*) as clients from scoped s group by 1, 2`
      }
    ),
    membership as (
      select w.week_start,
        ${collectUnits(sql`u.joined_week <= w.week_start and (u.left_week is null or u.left_week >= w.week_start)`)} as active,
        ${collectUnits(sql`u.joined_week = w.week_start`)} as new,
        ${collectUnits(sql`u.left_week = w.week_start`)} as discharged
      from weeks w cross join units u
      group by w.week_start
    ),
    client_week as (
      select a.week_start, a.client_id, a.episodes as n, a.intensity_sum
        from analytics_client_weeks a
        ${range.consultantId ? sql`join scoped c on c.id = a.client_id` : sql``}
       where a.practice_id = ${range.practiceId}
         and a.week_start >= date_trunc('week', ${range.from}::timestamptz, 'UTC') and a.week_start < ${range.to}
    ),
    by_week as (
      select cw.week_start,
        sum(cw.n)::int as episodes,
        (sum(cw.intensity_sum)::numeric / sum(cw.n))::float8 as mean_intensity,
        ${collect(sql`cw.client_id`)} as episode_clients,
        ${collect(sql`cw.client_id`, sumInBand(sql.ref("cw.intensity_sum"), sql.ref("cw.n"), "mild"))} as mild,
        ${collect(sql`cw.client_id`, sumInBand(sql.ref("cw.intensity_sum"), sql.ref("cw.n"), "moderate"))} as moderate,
        ${collect(sql`cw.client_id`, sumInBand(sql.ref("cw.intensity_sum"), sql.ref("cw.n"), "severe"))} as severe
      from client_week cw
      group by cw.week_start
    )
    select w.week_start, m.active, m.new, m.discharged,
      coalesce(b.episodes, 0) as episodes,
      b.mean_intensity,
      b.episode_clients, b.mild, b.moderate, b.severe
    from weeks w
    left join membership m on m.week_start = w.week_start
    left join by_week b on b.week_start = w.week_start
    order by w.week_start
  `.execute(tx);
  // A week without episodes has no by_week row (null), and an aggregate over no clients is null for ids.
  const clients = (value: string[] | number | null) => (value ?? (ids ? [] : 0)) as ClientsOf<S>;
  return result.rows.map((row) => ({
    weekStart: row.week_start,
    activeClients: clients(row.active),
    episodes: row.episodes,
    meanIntensity: row.mean_intensity,
    episodeClients: clients(row.episode_clients),
    mildClients: clients(row.mild),
    moderateClients: clients(row.moderate),
    severeClients: clients(row.severe),
    newClients: clients(row.new),
    dischargedClients: clients(row.discharged),
  }));
}

/**
 * How many clients joined, and how many were discharged, within the range:
 * counts from the statement itself, as the overview shows only counts (a
 * year's admissions as rows were a thousand rows and two thousand parsed
 * dates per call). A client is one row, so each is counted once.
 */
export async function admissionAndDischargeCounts(tx: Tx, range: Range): Promise<{ newClients: number; discharges: number }> {
  const joined = sql<boolean>`c.created_at >= ${range.from} and c.created_at < ${range.to}`;
  const left = sql<boolean>`c.discharged_at >= ${range.from} and c.discharged_at < ${range.to}`;
  const consultantFilter = range.consultantId ? sql`and c.primary_consultant_id = ${range.consultantId}` : sql``;
  const result = await sql<{ new_clients: number; discharges: number }>`
    select (count(*) filter (where ${joined}))::int as new_clients, (count(*) filter (where ${left}))::int as discharges
      from clients c
     where c.practice_id = ${range.practiceId} ${consultantFilter} and ((${joined}) or (${left}))
  `.execute(tx);
  const [counts] = result.rows;
  return { newClients: counts?.new_clients ?? 0, discharges: counts?.discharges ?? 0 };
}

/** The per-intervention effects (alias x) of interventions started in the range, of one consultant's clients if it names one. */
function effectsInRange(range: Range): RawBuilder<unknown> {
  const consultant = range.consultantId
    ? sql`join clients c on c.practice_id = x.practice_id and c.id = x.client_id and c.primary_consultant_id = ${range.consultantId}`
    : sql``;
  return sql`analytics_intervention_effects x ${consultant}
    where x.practice_id = ${range.practiceId} and x.started_at >= ${range.from} and x.started_at < ${range.to}`;
}

/** One intervention started in the range; a client's first of a kind comes first (the query's order). */
export interface InterventionEffectRow {
  clientId: string;
  kind: InterventionKind;
  latestOutcome: Outcome | null;
  beforeCount: number;
  beforeMean: number | null;
  afterCount: number;
  afterMean: number | null;
}

/**
 * Interventions started in the range, each with the 14-day windows either
 * side of its start and its latest outcome, all kept per intervention in
 * analytics_intervention_effects (docs/decisions/0028).
 */
export async function interventionEffects(tx: Tx, range: Range): Promise<InterventionEffectRow[]> {
  const result = await sql<{
    client_id: string;
    kind: InterventionKind;
    latest_outcome: Outcome | null;
    before_count: number;
    before_mean: number | null;
    after_count: number;
    after_mean: number | null;
  }>`
    select x.client_id, x.kind, x.latest_outcome,
      x.before_count, (x.before_sum::numeric / nullif(x.before_count, 0))::float8 as before_mean,
      x.after_count, (x.after_sum::numeric / nullif(x.after_count, 0))::float8 as after_mean
    from ${effectsInRange(range)}
    order by x.kind, x.client_id, x.started_at, x.intervention_id
  `.execute(tx);
  return result.rows.map((row) => ({
    clientId: row.client_id,
    kind: row.kind,
    latestOutcome: row.latest_outcome,
    beforeCount: row.before_count,
    beforeMean: row.before_mean,
    afterCount: row.after_count,
    afterMean: row.after_mean,
  }));
}

/**
 * One intervention kind's measures in a range: how many interventions, the
 * clients they were for, the clients whose latest outcome was each outcome,
 * and, over the clients with enough episodes on both sides of their first
 * start of the kind, each one's change in mean intensity (after minus
 * before), in client order.
 */
export interface EffectivenessFacts<S extends ClientSet> {
  kind: InterventionKind;
  interventions: number;
  clients: ClientsOf<S>;
  outcomeClients: Record<Outcome, ClientsOf<S>>;
  changeClients: ClientsOf<S>;
  changes: number[];
}

/**
 * The effectiveness table's measures per kind, counted by the statement
 * itself: the same facts summarizeEffectiveness derives from
 * interventionEffects' rows for a drill-down, without sending a lead's year
 * of interventions (thousands of rows) to be summed in TypeScript. Each
 * change is the float8 difference of two float8 means, as TypeScript takes
 * it, and the changes come in the same client order, so the mean and its
 * interval are the same to the last bit. Kinds without an intervention in
 * the range have no row.
 */
export async function effectivenessCounts(tx: Tx, range: Range, minEpisodes: number): Promise<EffectivenessFacts<"count">[]> {
  const outcomeColumn = (outcome: Outcome) => sql.ref(`outcome_${outcome}`);
  const hadOutcome = outcomes.map((outcome) => sql`bool_or(x.latest_outcome = ${outcome}) over client_kind as ${outcomeColumn(outcome)}`);
  const clientsWithOutcome = outcomes.map((outcome) => sql`(count(*) filter (where p.${outcomeColumn(outcome)}))::int as ${outcomeColumn(outcome)}`);
  const enough = sql`p.before_count >= ${minEpisodes} and p.after_count >= ${minEpisodes}`;
  const result = await sql<
    { kind: InterventionKind; interventions: number; clients: number; change_clients: number; changes: number[] | null } & Record<
      `outcome_${Outcome}`,
      number
    >
  >`
    with per_client as (
      -- One row per client and kind: the first start's effect, with the client's
      -- interventions of the kind and their latest outcomes counted over the
      -- partition (one sort serves the partition and the first start).
      select distinct on (x.kind, x.client_id) x.kind, x.client_id,
             x.before_count, x.before_sum, x.after_count, x.after_sum,
             count(*) over client_kind as interventions, ${sql.join(hadOutcome)}
        from ${effectsInRange(range)}
      window client_kind as (
        partition by x.kind, x.client_id order by x.started_at, x.intervention_id
        rows between unbounded preceding and unbounded following
      )
       order by x.kind, x.client_id, x.started_at, x.intervention_id
    )
    select p.kind, sum(p.interventions)::int as interventions, count(*)::int as clients, ${sql.join(clientsWithOutcome)},
           (count(*) filter (where ${enough}))::int as change_clients,
           array_agg(((p.after_sum::numeric / p.after_count)::float8 - (p.before_sum::numeric / p.before_count)::float8) order by p.client_id)
             filter (where ${enough}) as changes
      from per_client p
     group by p.kind
  `.execute(tx);
  return result.rows.map((row) => ({
    kind: row.kind,
    interventions: row.interventions,
    clients: row.clients,
    outcomeClients: Object.fromEntries(outcomes.map((outcome) => [outcome, row[`outcome_${outcome}`]])) as Record<Outcome, number>,
    changeClients: row.change_clients,
    changes: row.changes ?? [],
  }));
}

export interface CourseClient {
  clientId: string;
  babyBirthDate: string;
  /** When observation ends: discharge, or now. */
  observedUntil: Date;
  firstEpisodeAt: Date;
  /** Episodes, and the sum of their ratings, in the 14 days from the first: the initial band. */
  initialEpisodes: number;
  initialSum: number;
  /** Per week postpartum: episodes and the sum of their ratings. */
  weeks: Map<number, { episodes: number; intensitySum: number }>;
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
/** The course's initial window, as the migration's analytics_client_course measures it: 14 x 24 hours. */
const INITIAL_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;

/**
 * Every client with episodes up to now, with their course facts: from the
 * per-client aggregates (analytics_client_course, analytics_client_days,
 * docs/decisions/0028), except for a client with an episode dated after now
 * (a device clock a little ahead), whose facts come from their own episodes
 * so that the future one is left out exactly as before.
 */
export async function courseClients(tx: Tx, practiceId: string, consultantId: string | undefined, now: Date): Promise<CourseClient[]> {
  const consultantFilter = consultantId ? sql`and c.primary_consultant_id = ${consultantId}` : sql``;
  const facts = await sql<{
    client_id: string;
    baby_birth_date: string;
    discharged_at: Date | null;
    first_episode_at: Date;
    initial_episodes: number;
    initial_sum: number;
    ahead: boolean;
  }>`
    select c.id as client_id, c.baby_birth_date, c.discharged_at, k.first_episode_at, k.initial_episodes, k.initial_sum,
      exists (select 1 from episodes e where e.practice_id = c.practice_id and e.client_id = c.id and e.occurred_at > ${now}) as ahead
    from clients c
    join analytics_client_course k on k.practice_id = c.practice_id and k.client_id = c.id
    where c.practice_id = ${practiceId} ${consultantFilter}
  `.execute(tx);
  const weeks = await sql<{ client_id: string; week: number; episodes: number; intensity_sum: number }>`
    select d.client_id, floor((d.day - c.baby_birth_date)::numeric / 7)::int as week,
           sum(d.episodes)::int as episodes, sum(d.intensity_sum)::int as intensity_sum
    from analytics_client_days d
    join clients c on c.practice_id = d.practice_id and c.id = d.client_id
    where d.practice_id = ${practiceId} ${consultantFilter}
    group by 1, 2
  `.execute(tx);
  const weeksByClient = new Map<string, CourseClient["weeks"]>();
  for (const row of weeks.rows) {
    const map = weeksByClient.get(row.client_id) ?? new Map<number, { episodes: number; intensitySum: number }>();
    map.set(row.week, { episodes: row.episodes, intensitySum: row.intensity_sum });
    weeksByClient.set(row.client_id, map);
  }
  const observedUntil = (dischargedAt: Date | null) => (dischargedAt && dischargedAt < now ? dischargedAt : now);
  const ahead = facts.rows.filter((row) => row.ahead);
  const fromRaw = ahead.length ? await courseFromEpisodes(tx, practiceId, ahead, now) : new Map<string, Omit<CourseClient, "clientId" | "babyBirthDate" | "observedUntil">>();
  const clients: CourseClient[] = [];
  for (const row of facts.rows) {
    const base = { clientId: row.client_id, babyBirthDate: row.baby_birth_date, observedUntil: observedUntil(row.discharged_at) };
    if (!row.ahead) {
      clients.push({
        ...base,
        firstEpisodeAt: row.first_episode_at,
        initialEpisodes: row.initial_episodes,
        initialSum: row.initial_sum,
        weeks: weeksByClient.get(row.client_id) ?? new Map<number, { episodes: number; intensitySum: number }>(),
      });
      continue;
    }
    const raw = fromRaw.get(row.client_id);
    if (raw) clients.push({ ...base, ...raw });
  }
  return clients;
}

/** The same facts from the episodes themselves, up to now, for the few clients with one dated later. */
async function courseFromEpisodes(
  tx: Tx,
  practiceId: string,
  clients: readonly { client_id: string; baby_birth_date: string }[],
  now: Date,
): Promise<Map<string, Omit<CourseClient, "clientId" | "babyBirthDate" | "observedUntil">>> {
  const episodes = await tx
    .selectFrom("episodes")
    .select(["client_id", "occurred_at", "intensity"])
    .where("practice_id", "=", practiceId)
    .where("client_id", "in", clients.map((client) => client.client_id))
    .where("occurred_at", "<=", now)
    .orderBy("occurred_at")
    .execute();
  const result = new Map<string, Omit<CourseClient, "clientId" | "babyBirthDate" | "observedUntil">>();
  for (const client of clients) {
    const mine = episodes.filter((episode) => episode.client_id === client.client_id);
    const first = mine[0];
    if (!first) continue;
    const birth = Date.parse(`${client.baby_birth_date}T00:00:00Z`);
    const initial = mine.filter((episode) => episode.occurred_at.getTime() < first.occurred_at.getTime() + INITIAL_WINDOW_MS);
    const weeks = new Map<number, { episodes: number; intensitySum: number }>();
    for (const episode of mine) {
      const week = Math.floor((episode.occurred_at.getTime() - birth) / WEEK_MS);
      const entry = weeks.get(week) ?? { episodes: 0, intensitySum: 0 };
      entry.episodes += 1;
      entry.intensitySum += episode.intensity;
      weeks.set(week, entry);
    }
    result.set(client.client_id, {
      firstEpisodeAt: first.occurred_at,
      initialEpisodes: initial.length,
      initialSum: initial.reduce((sum, episode) => sum + episode.intensity, 0),
      weeks,
    });
  }
  return result;
}

export interface WorkloadFacts<S extends ClientSet> {
  consultantId: string;
  consultantName: string;
  deactivated: boolean;
  activeClients: ClientsOf<S>;
  overdueClients: ClientsOf<S>;
  overdueFollowUps: number;
  episodeClients: ClientsOf<S>;
  episodes30d: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Per consultant of the practice: active clients, open overdue follow-ups,
 * and episodes recorded in the last 30 days. The 30 days are read from the
 * per-day counts (analytics_client_recorded_days) for the whole days after
 * the boundary, and from the episodes themselves for the part of the boundary
 * day inside the window (an index range on recorded_at). Each measure's
 * clients come as ids (a drill-down) or as their number (the workload
 * table, ClientSet): a practice's active and recently recorded clients as
 * ids were about 1,700 uuids, parsed one character at a time, per call.
 */
export async function workloadFacts<S extends ClientSet>(tx: Tx, practiceId: string, now: Date, clientSet: S): Promise<WorkloadFacts<S>[]> {
  const ids = clientSet === "ids";
  // Each list below has a client at most once (grouped per client, or distinct), so its count is its number of clients.
  const collect = (id: RawBuilder<unknown>) => (ids ? sql`array_agg(${id} order by ${id})` : sql`count(${id})::int`);
  const since = new Date(now.getTime() - 30 * DAY_MS);
  const boundaryDay = new Date(Math.floor(since.getTime() / DAY_MS) * DAY_MS);
  const dayAfterBoundary = new Date(boundaryDay.getTime() + DAY_MS);
  const result = await sql<{
    id: string;
    name: string;
    deactivated: boolean;
    active_clients: string[] | number | null;
    overdue_clients: string[] | number | null;
    overdue: number | null;
    episode_clients: string[] | number | null;
    episodes: number | null;
  }>`
    with recorded as (
      select d.client_id, d.episodes from analytics_client_recorded_days d
       where d.practice_id = ${practiceId} and d.day > ${boundaryDay.toISOString().slice(0, 10)}::date
      union all
      select e.client_id, 1 from episodes e
       where e.practice_id = ${practiceId} and e.recorded_at > ${since} and e.recorded_at < ${dayAfterBoundary}
    ),
    -- Per client first (at most one row each), then to the client's consultant.
    recorded_by_client as (
      select client_id, sum(episodes)::int as episodes from recorded group by client_id
    ),
    recorded_by_consultant as (
      select c.primary_consultant_id as consultant_id, sum(r.episodes)::int as episodes, ${collect(sql`r.client_id`)} as clients
        from recorded_by_client r join clients c on c.practice_id = ${practiceId} and c.id = r.client_id
       group by 1
    ),
    -- The practice's open, overdue follow-ups first, from the partial index on open ones
    -- (a few hundred rows), then their clients: not every client probed for follow-ups.
    overdue as materialized (
      select f.client_id from follow_ups f
       where f.practice_id = ${practiceId} and f.completed_at is null and f.due_at < ${now}
    ),
    overdue_by_consultant as (
      select c.primary_consultant_id as consultant_id, count(*)::int as overdue,
             ${ids ? sql`array_agg(distinct f.client_id)` : sql`count(distinct f.client_id)::int`} as clients
        from overdue f join clients c on c.practice_id = ${practiceId} and c.id = f.client_id
       group by 1
    ),
    active_by_consultant as (
      select c.primary_consultant_id as consultant_id, ${collect(sql`c.id`)} as clients
        from clients c where c.practice_id = ${practiceId} and c.status = 'active' group by 1
    )
    select u.id, u.name, (u.deactivated_at is not null) as deactivated,
      a.clients as active_clients, o.clients as overdue_clients, o.overdue,
      r.clients as episode_clients, r.episodes
    from users u
    left join active_by_consultant a on a.consultant_id = u.id
    left join overdue_by_consultant o on o.consultant_id = u.id
    left join recorded_by_consultant r on r.consultant_id = u.id
    where u.practice_id = ${practiceId} and u.role = 'consultant'
    order by u.name
  `.execute(tx);
  // A consultant without active, overdue or recorded clients has no row there (null).
  const clients = (value: string[] | number | null) => (value ?? (ids ? [] : 0)) as ClientsOf<S>;
  return result.rows.map((row) => ({
    consultantId: row.id,
    consultantName: row.name,
    deactivated: row.deactivated,
    activeClients: clients(row.active_clients),
    overdueClients: clients(row.overdue_clients),
    overdueFollowUps: row.overdue ?? 0,
    episodeClients: clients(row.episode_clients),
    episodes30d: row.episodes ?? 0,
  }));
}

/** Display names of the clients behind a cell, for a lead's drill-down. */
export async function clientsByIds(
  tx: Tx,
  practiceId: string,
  clientIds: readonly string[],
): Promise<{ clientId: string; displayName: string; consultantName: string }[]> {
  if (clientIds.length === 0) return [];
  const rows = await tx
    .selectFrom("clients")
    .innerJoin("users", (join) =>
      join.onRef("users.practice_id", "=", "clients.practice_id").onRef("users.id", "=", "clients.primary_consultant_id"),
    )
    .select(["clients.id", "clients.display_name", "users.name"])
    .where("clients.practice_id", "=", practiceId)
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
     where a.practice_id = ${range.practiceId} and a.resolved_at is null ${consultantFilter}
  `.execute(tx);
  const resolved = await sql<{ hours: number }>`
    select (extract(epoch from a.resolved_at - a.raised_at) / 3600)::float8 as hours
      from safety_alerts a
      join clients c on c.practice_id = a.practice_id and c.id = a.client_id
     where a.practice_id = ${range.practiceId} and a.resolved_at >= ${range.from} and a.resolved_at < ${range.to} ${consultantFilter}
  `.execute(tx);
  const row = open.rows[0];
  return {
    openAlerts: row?.open_alerts ?? 0,
    acknowledgedOpen: row?.acknowledged_open ?? 0,
    hoursToResolve: resolved.rows.map((entry) => entry.hours),
    longestOpenHours: row?.longest_open_hours ?? null,
  };
}

import {
  bandOfMean,
  bands,
  cell,
  countCell,
  interventionKinds,
  meanWithInterval,
  outcomes,
  type Band,
  type Cell,
  type InterventionKind,
  type Outcome,
} from "@wave/shared";
import type {
  ClientSet,
  ClientsOf,
  CourseClient,
  EffectivenessFacts,
  InterventionEffectRow,
} from "./practice-analytics.repository.js";

// Pure aggregation for the lead's analytics: rows in, cells out. Each cell
// keeps the clients it rests on (for suppression and drill-down); the
// service strips them before anything leaves the server.

export interface TrackedCell {
  cell: Cell;
  clientIds: string[];
}

export function trackedCount(clientIds: readonly string[], threshold: number): TrackedCell {
  const unique = [...new Set(clientIds)];
  return { cell: countCell(unique.length, threshold), clientIds: unique };
}

/**
 * An operational count (open safety alerts): never suppressed. The lead may
 * see every client of the practice, so suppression would protect no one and
 * hide the one number a lead must act on (DOMAIN.md).
 */
export function operationalCount(clientIds: readonly string[]): TrackedCell {
  const unique = [...new Set(clientIds)];
  return { cell: { suppressed: false, value: unique.length }, clientIds: unique };
}

/** Median of a list of numbers, rounded to one decimal; null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return Math.round(value * 10) / 10;
}

export function trackedValue(value: number | null, clientIds: readonly string[], threshold: number): TrackedCell {
  const unique = [...new Set(clientIds)];
  return { cell: cell(value, unique.length, threshold), clientIds: unique };
}

/**
 * How a report's mapping turns the clients behind a number into its cell:
 * a count of clients, or a measured value resting on them. A table's cells
 * come from counts (countedCells), a drill-down's from ids (trackedCells),
 * through the same mapping, so both rest on the same clients.
 */
export interface CellMaker<S extends ClientSet, T> {
  count: (clients: ClientsOf<S>) => T;
  value: (value: number | null, clients: ClientsOf<S>) => T;
  /** A count that is never suppressed (see operationalCount). */
  operational: (clients: ClientsOf<S>) => T;
}

/** Cells for a table, from counts of clients, suppressed below `threshold`. */
export function countedCells(threshold: number): CellMaker<"count", Cell> {
  return {
    count: (clients) => countCell(clients, threshold),
    value: (measured, clients) => cell(measured, clients, threshold),
    operational: (clients) => ({ suppressed: false, value: clients }),
  };
}

/** Cells that keep the clients behind them, for a drill-down. */
export function trackedCells(threshold: number): CellMaker<"ids", TrackedCell> {
  return {
    count: (clients) => trackedCount(clients, threshold),
    value: (measured, clients) => trackedValue(measured, clients, threshold),
    operational: operationalCount,
  };
}

const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places;

/** Fewer episodes than this on either side of a start: the client's change is not counted. */
export const EFFECT_MIN_EPISODES = 3;

/**
 * Per intervention kind, from the interventions one by one (in their query's
 * order: a client's first of a kind comes first): the facts
 * effectivenessCounts counts in SQL, with the clients' ids, for a drill-down.
 */
export function effectivenessFactsOf(rows: readonly InterventionEffectRow[]): EffectivenessFacts<"ids">[] {
  // One pass over the rows (a lead's year holds thousands): each kind's rows, in their order.
  const rowsByKind = new Map<InterventionKind, InterventionEffectRow[]>(interventionKinds.map((kind) => [kind, []]));
  for (const row of rows) rowsByKind.get(row.kind)?.push(row);
  return interventionKinds.map((kind) => {
    const ofKind = rowsByKind.get(kind) ?? [];
    const firstPerClient = new Map<string, InterventionEffectRow>();
    const outcomeClients = Object.fromEntries(outcomes.map((outcome) => [outcome, [] as string[]])) as Record<Outcome, string[]>;
    for (const row of ofKind) {
      if (!firstPerClient.has(row.clientId)) firstPerClient.set(row.clientId, row);
      if (row.latestOutcome !== null) outcomeClients[row.latestOutcome].push(row.clientId);
    }
    const changeClients: string[] = [];
    const changes: number[] = [];
    for (const row of firstPerClient.values()) {
      if (row.beforeCount >= EFFECT_MIN_EPISODES && row.afterCount >= EFFECT_MIN_EPISODES && row.beforeMean !== null && row.afterMean !== null) {
        changeClients.push(row.clientId);
        changes.push(row.afterMean - row.beforeMean);
      }
    }
    return { kind, interventions: ofKind.length, clients: ofKind.map((row) => row.clientId), outcomeClients, changeClients, changes };
  });
}

/**
 * Per intervention kind: how many, for how many clients, how they ended, and
 * the mean change in intensity from the 14 days before the start to the 14
 * days after, over clients with enough episodes on both sides (each client
 * counted once, by their first intervention of that kind in the range). One
 * mapping for the table (from counts) and the drill-down (from ids), so both
 * rest on the same clients.
 */
export function effectivenessCells<S extends ClientSet, T>(facts: EffectivenessFacts<S>, { count, value }: CellMaker<S, T>) {
  const interval = meanWithInterval(facts.changes);
  return {
    kind: facts.kind,
    interventions: value(facts.interventions, facts.clients),
    clients: count(facts.clients),
    outcomes: Object.fromEntries(outcomes.map((outcome) => [outcome, count(facts.outcomeClients[outcome])])) as Record<Outcome, T>,
    clientsWithEnoughData: count(facts.changeClients),
    meanChange: value(interval ? round(interval.mean) : null, facts.changeClients),
    ciLow: value(interval?.low == null ? null : round(interval.low), facts.changeClients),
    ciHigh: value(interval?.high == null ? null : round(interval.high), facts.changeClients),
  };
}

export type EffectivenessRow = ReturnType<typeof effectivenessCells<"ids", TrackedCell>>;

/** The effectiveness cells with the clients behind them, from the interventions one by one: for a drill-down. */
export function summarizeEffectiveness(rows: readonly InterventionEffectRow[], threshold: number): EffectivenessRow[] {
  const tracked = trackedCells(threshold);
  return effectivenessFactsOf(rows).map((facts) => effectivenessCells(facts, tracked));
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
export const COURSE_WEEKS = 52;

export interface CourseCell {
  week: number;
  band: Band;
  observedClients: TrackedCell;
  meanIntensity: TrackedCell;
  shareWithEpisodes: TrackedCell;
}

function postpartumWeekOf(birth: number, at: Date): number {
  return Math.floor((at.getTime() - birth) / WEEK_MS);
}

/**
 * Mean intensity and the share of clients still having episodes, by week
 * postpartum and initial band (the band of the mean over a client's first 14
 * days of episodes). A client is observed in a week from the week of their
 * first episode until discharge or today.
 */
export function summarizeCourse(clients: readonly CourseClient[], threshold: number): CourseCell[] {
  const profiles = clients
    .filter((client) => client.initialEpisodes > 0)
    .map((client) => {
      const birth = Date.parse(`${client.babyBirthDate}T00:00:00Z`);
      return {
        clientId: client.clientId,
        band: bandOfMean(client.initialSum / client.initialEpisodes) as Band,
        firstWeek: postpartumWeekOf(birth, client.firstEpisodeAt),
        lastWeek: postpartumWeekOf(birth, client.observedUntil),
        byWeek: client.weeks,
      };
    });
  const cells: CourseCell[] = [];
  for (let week = 0; week <= COURSE_WEEKS; week++) {
    for (const band of bands) {
      const observed = profiles.filter((profile) => profile.band === band && profile.firstWeek <= week && profile.lastWeek >= week);
      const withEpisodes = observed.filter((profile) => (profile.byWeek.get(week)?.episodes ?? 0) > 0);
      const episodes = withEpisodes.reduce((sum, profile) => sum + (profile.byWeek.get(week)?.episodes ?? 0), 0);
      const ratingSum = withEpisodes.reduce((sum, profile) => sum + (profile.byWeek.get(week)?.intensitySum ?? 0), 0);
      const observedIds = observed.map((profile) => profile.clientId);
      const withIds = withEpisodes.map((profile) => profile.clientId);
      cells.push({
        week,
        band,
        observedClients: trackedCount(observedIds, threshold),
        meanIntensity: trackedValue(
          episodes ? round(ratingSum / episodes) : null,
          withIds,
          threshold,
        ),
        // The share rests on everyone observed that week, not only those with episodes.
        shareWithEpisodes: trackedValue(observed.length ? round(withEpisodes.length / observed.length, 3) : null, observedIds, threshold),
      });
    }
  }
  return cells;
}

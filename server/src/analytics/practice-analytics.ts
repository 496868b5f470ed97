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
import type { CourseClient, InterventionEffectRow } from "./practice-analytics.repository.js";

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

const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places;

export interface EffectivenessRow {
  kind: InterventionKind;
  interventions: TrackedCell;
  clients: TrackedCell;
  outcomes: Record<Outcome, TrackedCell>;
  clientsWithEnoughData: TrackedCell;
  meanChange: TrackedCell;
  ciLow: TrackedCell;
  ciHigh: TrackedCell;
}

/** Fewer episodes than this on either side of a start: the client's change is not counted. */
export const EFFECT_MIN_EPISODES = 3;

/**
 * Per intervention kind: how many, for how many clients, how they ended, and
 * the mean change in intensity from the 14 days before the start to the 14
 * days after, over clients with enough episodes on both sides (each client
 * counted once, by their first intervention of that kind in the range).
 */
export function summarizeEffectiveness(rows: readonly InterventionEffectRow[], threshold: number): EffectivenessRow[] {
  // One pass over the rows (a lead's year holds thousands): each kind's rows, in their order.
  const rowsByKind = new Map<InterventionKind, InterventionEffectRow[]>(interventionKinds.map((kind) => [kind, []]));
  for (const row of rows) rowsByKind.get(row.kind)?.push(row);
  return interventionKinds.map((kind) => {
    const ofKind = rowsByKind.get(kind) ?? [];
    const clientIds = ofKind.map((row) => row.clientId);
    const firstPerClient = new Map<string, InterventionEffectRow>();
    const clientsByOutcome = new Map<Outcome, string[]>(outcomes.map((outcome) => [outcome, []]));
    for (const row of ofKind) {
      if (!firstPerClient.has(row.clientId)) firstPerClient.set(row.clientId, row);
      if (row.latestOutcome !== null) clientsByOutcome.get(row.latestOutcome)?.push(row.clientId);
    }
    const changes: { clientId: string; change: number }[] = [];
    for (const row of firstPerClient.values()) {
      if (row.beforeCount >= EFFECT_MIN_EPISODES && row.afterCount >= EFFECT_MIN_EPISODES && row.beforeMean !== null && row.afterMean !== null) {
        changes.push({ clientId: row.clientId, change: row.afterMean - row.beforeMean });
      }
    }
    const enoughIds = changes.map((change) => change.clientId);
    const interval = meanWithInterval(changes.map((change) => change.change));
    const outcomeCells = Object.fromEntries(
      outcomes.map((outcome) => [outcome, trackedCount(clientsByOutcome.get(outcome) ?? [], threshold)]),
    ) as Record<Outcome, TrackedCell>;
    const interventionsCell = trackedValue(ofKind.length, clientIds, threshold);
    return {
      kind,
      interventions: interventionsCell,
      clients: trackedCount(clientIds, threshold),
      outcomes: outcomeCells,
      clientsWithEnoughData: trackedCount(enoughIds, threshold),
      meanChange: trackedValue(interval ? round(interval.mean) : null, enoughIds, threshold),
      ciLow: trackedValue(interval?.low == null ? null : round(interval.low), enoughIds, threshold),
      ciHigh: trackedValue(interval?.high == null ? null : round(interval.high), enoughIds, threshold),
    };
  });
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

import { TRPCError } from "@trpc/server";
import type { Kysely } from "kysely";
import { withActor, type Actor, type Database, type Tx } from "@wave/db";
import { countCell, EXPECTED_COURSE, flags, interventionKinds, outcomes, type Cell, type DrillDownInput, type Flag, type Outcome } from "@wave/shared";
import { recordAudit, type AuditEntry } from "../audit/audit.repository.js";
import { countFlaggedClients, listFlaggedClients, type FlaggedClient } from "../caseload/caseload.repository.js";
import {
  countedCells,
  EFFECT_MIN_EPISODES,
  effectivenessCells,
  median,
  summarizeCourse,
  summarizeEffectiveness,
  trackedCells,
  type CellMaker,
  type TrackedCell,
} from "./practice-analytics.js";
import {
  admissionAndDischargeCounts,
  clientsByIds,
  courseClients,
  effectivenessCounts,
  interventionEffects,
  safetyAlertFacts,
  weeklyOverview,
  workloadFacts,
  type ClientSet,
  type ClientsOf,
  type EffectivenessFacts,
  type Range,
  type WeekRow,
} from "./practice-analytics.repository.js";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface AnalyticsSettings {
  smallCellThreshold: number;
}

/** From/to dates (inclusive) as a half-open UTC range. */
export function toRange(practiceId: string, input: { from: string; to: string; consultantId?: string | undefined }): Range {
  return {
    practiceId,
    from: new Date(`${input.from}T00:00:00Z`),
    to: new Date(Date.parse(`${input.to}T00:00:00Z`) + DAY_MS),
    consultantId: input.consultantId,
  };
}

const strip = (tracked: TrackedCell): Cell => tracked.cell;

/** The cell of the clients carrying one flag; self-harm is operational, never suppressed (DOMAIN.md). */
function flagCellOf<S extends ClientSet, T>(flag: Flag, clients: ClientsOf<S>, make: CellMaker<S, T>): T {
  return flag === "self_harm" ? make.operational(clients) : make.count(clients);
}

/** One flag's cell with the clients behind it, for a drill-down. */
function flagCell(flagged: readonly FlaggedClient[], flag: Flag, threshold: number): TrackedCell {
  const ids = flagged.filter((client) => client.flags.includes(flag)).map((client) => client.clientId);
  return flagCellOf(flag, ids, trackedCells(threshold));
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Where the lead's analytics read, and where their audit rows go. With a
 * replica (READ_DATABASE_URL) the read is a transaction there and the audit
 * row one on the primary, after it; without, both are one transaction on the
 * primary, as every other procedure's (docs/decisions/0028).
 */
export interface AnalyticsDatabases {
  db: Kysely<Database>;
  replica: Kysely<Database> | null;
}

type AuditDetails = NonNullable<AuditEntry["details"]>;

async function readThenAudit<T>(
  dbs: AnalyticsDatabases,
  actor: Actor,
  action: string,
  read: (tx: Tx) => Promise<T>,
  details?: (result: T) => AuditDetails,
): Promise<T> {
  const audit = (tx: Tx, result: T) =>
    recordAudit(tx, actor, { action, entity: "practice", entityId: actor.practiceId, ...(details ? { details: details(result) } : {}) });
  if (!dbs.replica) {
    return withActor(dbs.db, actor, async (tx) => {
      const result = await read(tx);
      await audit(tx, result);
      return result;
    });
  }
  const result = await withActor(dbs.replica, actor, read);
  await withActor(dbs.db, actor, (tx) => audit(tx, result));
  return result;
}

/** A week's measures: those a drill-down names, and the mean intensity, which rests on the episodes' clients. */
type WeekMeasure = Extract<DrillDownInput, { cell: "overview" }>["measure"] | "meanIntensity";

/**
 * A week's cells from its measures, for the overview (from counts) and the
 * drill-down (from ids) alike: one mapping, so both rest on the same clients.
 */
function weekCells<S extends ClientSet, T>(week: WeekRow<S>, { count, value }: CellMaker<S, T>): Record<WeekMeasure, T> {
  return {
    activeClients: count(week.activeClients),
    episodes: value(week.episodes, week.episodeClients),
    meanIntensity: value(week.meanIntensity === null ? null : Math.round(week.meanIntensity * 100) / 100, week.episodeClients),
    mild: count(week.mildClients),
    moderate: count(week.moderateClients),
    severe: count(week.severeClients),
    newClients: count(week.newClients),
    discharges: count(week.dischargedClients),
  };
}

/** The overview's cells, every one from counts: the weeks, the range's admissions and discharges, and the clients carrying each flag. */
async function overviewCells(tx: Tx, range: Range, threshold: number, now: Date) {
  const weeks = await weeklyOverview(tx, range, "count");
  const admissions = await admissionAndDischargeCounts(tx, range);
  const flagged = await countFlaggedClients(tx, { practiceId: range.practiceId, now, consultantId: range.consultantId });
  const counted = countedCells(threshold);
  return {
    weeks: weeks.map((week) => ({ weekStart: isoDate(week.weekStart), ...weekCells(week, counted) })),
    flags: Object.fromEntries(flags.map((flag) => [flag, flagCellOf(flag, flagged[flag], counted)])) as Record<Flag, Cell>,
    newClients: countCell(admissions.newClients, threshold),
    discharges: countCell(admissions.discharges, threshold),
  };
}

/** One week's cell with the clients behind it, for a drill-down. */
async function overviewWeekCell(tx: Tx, range: Range, weekStart: string, measure: WeekMeasure, threshold: number) {
  const week = (await weeklyOverview(tx, range, "ids")).find((candidate) => isoDate(candidate.weekStart) === weekStart);
  if (!week) return undefined;
  return weekCells(week, trackedCells(threshold))[measure];
}

export async function practiceOverview(
  dbs: AnalyticsDatabases,
  actor: Actor,
  input: { from: string; to: string; consultantId?: string | undefined },
  settings: AnalyticsSettings,
  now: Date,
) {
  return readThenAudit(dbs, actor, "analytics.practice_overview", async (tx) => {
    const range = toRange(actor.practiceId, input);
    const cells = await overviewCells(tx, range, settings.smallCellThreshold, now);
    const safety = await safetyAlertFacts(tx, range, now);
    return {
      threshold: settings.smallCellThreshold,
      weeks: cells.weeks.map((week) => ({
        weekStart: week.weekStart,
        activeClients: week.activeClients,
        episodes: week.episodes,
        meanIntensity: week.meanIntensity,
        clientsByBand: { mild: week.mild, moderate: week.moderate, severe: week.severe },
        newClients: week.newClients,
        discharges: week.discharges,
      })),
      flags: cells.flags,
      newClients: cells.newClients,
      discharges: cells.discharges,
      safety: {
        openAlerts: safety.openAlerts,
        acknowledgedOpen: safety.acknowledgedOpen,
        resolvedInRange: safety.hoursToResolve.length,
        medianHoursToResolve: median(safety.hoursToResolve),
        longestOpenHours: safety.longestOpenHours === null ? null : Math.round(safety.longestOpenHours * 10) / 10,
      },
    };
  });
}

export async function interventionEffectiveness(
  dbs: AnalyticsDatabases,
  actor: Actor,
  input: { from: string; to: string; consultantId?: string | undefined },
  settings: AnalyticsSettings,
) {
  return readThenAudit(dbs, actor, "analytics.intervention_effectiveness", async (tx) => {
    const threshold = settings.smallCellThreshold;
    const cells = countedCells(threshold);
    const counted = new Map((await effectivenessCounts(tx, toRange(actor.practiceId, input), EFFECT_MIN_EPISODES)).map((facts) => [facts.kind, facts]));
    return {
      threshold,
      // Every kind, in the enum's order, those without an intervention in the range included.
      kinds: interventionKinds.map((kind) => effectivenessCells(counted.get(kind) ?? noInterventions(kind), cells)),
    };
  });
}

/** A kind no intervention in the range was of. */
function noInterventions(kind: EffectivenessFacts<"count">["kind"]): EffectivenessFacts<"count"> {
  const outcomeClients = Object.fromEntries(outcomes.map((outcome) => [outcome, 0])) as Record<Outcome, number>;
  return { kind, interventions: 0, clients: 0, outcomeClients, changeClients: 0, changes: [] };
}

export async function courseByPostpartumWeek(
  dbs: AnalyticsDatabases,
  actor: Actor,
  input: { consultantId?: string | undefined },
  settings: AnalyticsSettings,
  now: Date,
) {
  return readThenAudit(dbs, actor, "analytics.course_by_postpartum_week", async (tx) => {
    const cells = summarizeCourse(await courseClients(tx, actor.practiceId, input.consultantId, now), settings.smallCellThreshold);
    return {
      threshold: settings.smallCellThreshold,
      expected: EXPECTED_COURSE,
      cells: cells.map((entry) => ({
        week: entry.week,
        band: entry.band,
        observedClients: strip(entry.observedClients),
        meanIntensity: strip(entry.meanIntensity),
        shareWithEpisodes: strip(entry.shareWithEpisodes),
      })),
    };
  });
}

/**
 * Each consultant's cells, for the workload table (from counts) and the
 * drill-down (from ids) alike: one mapping, so both rest on the same clients.
 */
async function workloadCells<S extends ClientSet, T>(
  tx: Tx,
  practiceId: string,
  now: Date,
  clientSet: S,
  { count, value }: CellMaker<S, T>,
) {
  const facts = await workloadFacts(tx, practiceId, now, clientSet);
  const flagged = await listFlaggedClients(tx, { practiceId, now });
  // One row per flagged client: the ids are distinct, so their number is the count.
  const flaggedOf = (consultantId: string) => {
    const ids = flagged.filter((row) => row.consultantId === consultantId).map((row) => row.clientId);
    return (clientSet === "ids" ? ids : ids.length) as ClientsOf<S>;
  };
  return facts.map((fact) => ({
    consultantId: fact.consultantId,
    consultantName: fact.consultantName,
    deactivated: fact.deactivated,
    activeClients: count(fact.activeClients),
    flaggedClients: count(flaggedOf(fact.consultantId)),
    overdueFollowUps: value(fact.overdueFollowUps, fact.overdueClients),
    episodes30d: value(fact.episodes30d, fact.episodeClients),
  }));
}

export async function consultantWorkload(dbs: AnalyticsDatabases, actor: Actor, settings: AnalyticsSettings, now: Date) {
  return readThenAudit(dbs, actor, "analytics.consultant_workload", async (tx) => {
    const threshold = settings.smallCellThreshold;
    const rows = await workloadCells(tx, actor.practiceId, now, "count", countedCells(threshold));
    return { threshold, rows };
  });
}

const SUPPRESSED_DRILL =
  "This number rests on too few clients to be shown, so the clients behind it cannot be listed either.";

/** The cell a drill-down names, computed exactly as the aggregate computed it. */
async function findCell(tx: Tx, actor: Actor, input: DrillDownInput, threshold: number, now: Date): Promise<TrackedCell | undefined> {
  switch (input.cell) {
    case "overview": {
      return overviewWeekCell(tx, toRange(actor.practiceId, input), input.weekStart, input.measure, threshold);
    }
    case "flag": {
      const flagged = await listFlaggedClients(tx, { practiceId: actor.practiceId, now, consultantId: input.consultantId });
      return flagCell(flagged, input.flag, threshold);
    }
    case "effectiveness": {
      const rows = summarizeEffectiveness(await interventionEffects(tx, toRange(actor.practiceId, input)), threshold);
      const row = rows.find((candidate) => candidate.kind === input.kind);
      return input.outcome ? row?.outcomes[input.outcome] : row?.clients;
    }
    case "course": {
      const cells = summarizeCourse(await courseClients(tx, actor.practiceId, input.consultantId, now), threshold);
      return cells.find((entry) => entry.week === input.week && entry.band === input.band)?.observedClients;
    }
    case "workload": {
      const rows = await workloadCells(tx, actor.practiceId, now, "ids", trackedCells(threshold));
      return rows.find((row) => row.consultantId === input.consultantId)?.[input.measure];
    }
  }
}

/** The clients behind one aggregate cell; refused when the cell is suppressed. */
export async function drillDown(dbs: AnalyticsDatabases, actor: Actor, input: DrillDownInput, settings: AnalyticsSettings, now: Date) {
  return readThenAudit(
    dbs,
    actor,
    "analytics.drill_down",
    async (tx) => {
      const tracked = await findCell(tx, actor, input, settings.smallCellThreshold, now);
      if (!tracked) throw new TRPCError({ code: "NOT_FOUND", message: "There is no such cell in this report." });
      if (tracked.cell.suppressed) throw new TRPCError({ code: "FORBIDDEN", message: SUPPRESSED_DRILL });
      return { clients: await clientsByIds(tx, actor.practiceId, tracked.clientIds) };
    },
    (result) => ({ cell: input.cell, clientIds: result.clients.map((client) => client.clientId) }),
  );
}

import { TRPCError } from "@trpc/server";
import type { Kysely } from "kysely";
import { withActor, type Actor, type Database, type Tx } from "@wave/db";
import { EXPECTED_COURSE, flags, type Cell, type DrillDownInput, type Flag } from "@wave/shared";
import { recordAudit, type AuditEntry } from "../audit/audit.repository.js";
import { listClientSummaryFacts } from "../caseload/caseload.repository.js";
import { toCaseloadRow } from "../caseload/caseload-row.js";
import {
  median,
  operationalCount,
  summarizeCourse,
  summarizeEffectiveness,
  trackedCount,
  trackedValue,
  type TrackedCell,
} from "./practice-analytics.js";
import {
  admissionsAndDischarges,
  clientsByIds,
  courseClients,
  interventionEffects,
  safetyAlertFacts,
  weeklyOverview,
  workloadFacts,
  type Range,
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

async function overviewCells(tx: Tx, range: Range, threshold: number, now: Date) {
  const weeks = await weeklyOverview(tx, range);
  const { newClientIds, dischargedClientIds } = await admissionsAndDischarges(tx, range);
  const facts = await listClientSummaryFacts(tx, {
    practiceId: range.practiceId,
    now,
    ...(range.consultantId ? { consultantId: range.consultantId } : {}),
  });
  const rows = facts.map((fact) => toCaseloadRow(fact, now));
  const flagCells = Object.fromEntries(
    flags.map((flag) => {
      const ids = rows.filter((row) => row.flags.includes(flag)).map((row) => row.clientId);
      return [flag, flag === "self_harm" ? operationalCount(ids) : trackedCount(ids, threshold)];
    }),
  ) as Record<Flag, TrackedCell>;
  return {
    weeks: weeks.map((week) => ({
      weekStart: isoDate(week.weekStart),
      activeClients: trackedCount(week.activeClientIds, threshold),
      episodes: trackedValue(week.episodes, week.episodeClientIds, threshold),
      meanIntensity: trackedValue(
        week.meanIntensity === null ? null : Math.round(week.meanIntensity * 100) / 100,
        week.episodeClientIds,
        threshold,
      ),
      mild: trackedCount(week.mildClientIds, threshold),
      moderate: trackedCount(week.moderateClientIds, threshold),
      severe: trackedCount(week.severeClientIds, threshold),
      newClients: trackedCount(week.newClientIds, threshold),
      discharges: trackedCount(week.dischargedClientIds, threshold),
    })),
    flags: flagCells,
    newClients: trackedCount(newClientIds, threshold),
    discharges: trackedCount(dischargedClientIds, threshold),
  };
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
        activeClients: strip(week.activeClients),
        episodes: strip(week.episodes),
        meanIntensity: strip(week.meanIntensity),
        clientsByBand: { mild: strip(week.mild), moderate: strip(week.moderate), severe: strip(week.severe) },
        newClients: strip(week.newClients),
        discharges: strip(week.discharges),
      })),
      flags: Object.fromEntries(Object.entries(cells.flags).map(([flag, tracked]) => [flag, strip(tracked)])) as Record<Flag, Cell>,
      newClients: strip(cells.newClients),
      discharges: strip(cells.discharges),
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
    const rows = summarizeEffectiveness(await interventionEffects(tx, toRange(actor.practiceId, input)), settings.smallCellThreshold);
    return {
      threshold: settings.smallCellThreshold,
      kinds: rows.map((row) => ({
        kind: row.kind,
        interventions: strip(row.interventions),
        clients: strip(row.clients),
        outcomes: Object.fromEntries(Object.entries(row.outcomes).map(([outcome, tracked]) => [outcome, strip(tracked)])) as Record<
          keyof typeof row.outcomes,
          Cell
        >,
        clientsWithEnoughData: strip(row.clientsWithEnoughData),
        meanChange: strip(row.meanChange),
        ciLow: strip(row.ciLow),
        ciHigh: strip(row.ciHigh),
      })),
    };
  });
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

async function workloadCells(tx: Tx, practiceId: string, threshold: number, now: Date) {
  const [facts, summaries] = [await workloadFacts(tx, practiceId, now), await listClientSummaryFacts(tx, { practiceId, now })];
  const flagged = summaries.map((fact) => toCaseloadRow(fact, now)).filter((row) => row.flags.length > 0);
  return facts.map((fact) => ({
    consultantId: fact.consultantId,
    consultantName: fact.consultantName,
    deactivated: fact.deactivated,
    activeClients: trackedCount(fact.activeClientIds, threshold),
    flaggedClients: trackedCount(flagged.filter((row) => row.consultantId === fact.consultantId).map((row) => row.clientId), threshold),
    overdueFollowUps: trackedValue(fact.overdueFollowUps, fact.overdueClientIds, threshold),
    episodes30d: trackedValue(fact.episodes30d, fact.episodeClientIds, threshold),
  }));
}

export async function consultantWorkload(dbs: AnalyticsDatabases, actor: Actor, settings: AnalyticsSettings, now: Date) {
  return readThenAudit(dbs, actor, "analytics.consultant_workload", async (tx) => {
    const rows = await workloadCells(tx, actor.practiceId, settings.smallCellThreshold, now);
    return {
      threshold: settings.smallCellThreshold,
      rows: rows.map((row) => ({
        consultantId: row.consultantId,
        consultantName: row.consultantName,
        deactivated: row.deactivated,
        activeClients: strip(row.activeClients),
        flaggedClients: strip(row.flaggedClients),
        overdueFollowUps: strip(row.overdueFollowUps),
        episodes30d: strip(row.episodes30d),
      })),
    };
  });
}

const SUPPRESSED_DRILL =
  "This number rests on too few clients to be shown, so the clients behind it cannot be listed either.";

/** The cell a drill-down names, computed exactly as the aggregate computed it. */
async function findCell(tx: Tx, actor: Actor, input: DrillDownInput, threshold: number, now: Date): Promise<TrackedCell | undefined> {
  switch (input.cell) {
    case "overview": {
      const cells = await overviewCells(tx, toRange(actor.practiceId, input), threshold, now);
      return cells.weeks.find((week) => week.weekStart === input.weekStart)?.[input.measure];
    }
    case "flag": {
      const facts = await listClientSummaryFacts(tx, {
        practiceId: actor.practiceId,
        now,
        ...(input.consultantId ? { consultantId: input.consultantId } : {}),
      });
      const ids = facts
        .map((fact) => toCaseloadRow(fact, now))
        .filter((row) => row.flags.includes(input.flag))
        .map((row) => row.clientId);
      return input.flag === "self_harm" ? operationalCount(ids) : trackedCount(ids, threshold);
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
      const rows = await workloadCells(tx, actor.practiceId, threshold, now);
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

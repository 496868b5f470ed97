import type { Insertable } from "kysely";
import type { InterventionOutcomesTable, InterventionsTable, Tx } from "@wave/db";
import type { InterventionKind, Outcome } from "@wave/shared";
import type { ClientKey } from "../clients/clients.repository.js";

export interface InterventionRecord {
  id: string;
  clientId: string;
  kind: InterventionKind;
  startedAt: Date;
  endedAt: Date | null;
  details: string | null;
  recordedByName: string;
  version: number;
}

export interface OutcomeRecord {
  id: string;
  interventionId: string;
  assessedAt: Date;
  outcome: Outcome;
  notes: string | null;
  recordedByName: string;
}

function selectInterventions(tx: Tx) {
  return tx
    .selectFrom("interventions")
    .innerJoin("users", (join) =>
      join.onRef("users.practice_id", "=", "interventions.practice_id").onRef("users.id", "=", "interventions.recorded_by"),
    )
    .select([
      "interventions.id",
      "interventions.client_id",
      "interventions.kind",
      "interventions.started_at",
      "interventions.ended_at",
      "interventions.details",
      "users.name as recorded_by_name",
      "interventions.version",
    ]);
}

type InterventionRow = Awaited<ReturnType<ReturnType<typeof selectInterventions>["executeTakeFirstOrThrow"]>>;

function toRecord(row: InterventionRow): InterventionRecord {
  return {
    id: row.id,
    clientId: row.client_id,
    kind: row.kind,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    details: row.details,
    recordedByName: row.recorded_by_name,
    version: row.version,
  };
}

export async function insertInterventionIfAbsent(tx: Tx, row: Insertable<InterventionsTable>): Promise<boolean> {
  const result = await tx
    .insertInto("interventions")
    .values(row)
    .onConflict((conflict) => conflict.columns(["practice_id", "id"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function findIntervention(tx: Tx, interventionId: string): Promise<InterventionRecord | undefined> {
  const row = await selectInterventions(tx).where("interventions.id", "=", interventionId).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function listInterventions(tx: Tx, { practiceId, clientId }: ClientKey): Promise<InterventionRecord[]> {
  const rows = await selectInterventions(tx)
    .where("interventions.practice_id", "=", practiceId)
    .where("interventions.client_id", "=", clientId)
    .orderBy("interventions.started_at", "asc")
    .execute();
  return rows.map(toRecord);
}

export async function insertOutcomeIfAbsent(tx: Tx, row: Insertable<InterventionOutcomesTable>): Promise<boolean> {
  const result = await tx
    .insertInto("intervention_outcomes")
    .values(row)
    .onConflict((conflict) => conflict.columns(["practice_id", "id"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function listOutcomes(tx: Tx, interventionIds: readonly string[]): Promise<OutcomeRecord[]> {
  if (interventionIds.length === 0) return [];
  const rows = await tx
    .selectFrom("intervention_outcomes")
    .innerJoin("users", (join) =>
      join
        .onRef("users.practice_id", "=", "intervention_outcomes.practice_id")
        .onRef("users.id", "=", "intervention_outcomes.recorded_by"),
    )
    .select([
      "intervention_outcomes.id",
      "intervention_outcomes.intervention_id",
      "intervention_outcomes.assessed_at",
      "intervention_outcomes.outcome",
      "intervention_outcomes.notes",
      "users.name as recorded_by_name",
    ])
    .where("intervention_outcomes.intervention_id", "in", interventionIds)
    .orderBy("intervention_outcomes.assessed_at", "asc")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    interventionId: row.intervention_id,
    assessedAt: row.assessed_at,
    outcome: row.outcome,
    notes: row.notes,
    recordedByName: row.recorded_by_name,
  }));
}

/** Applies changes only if the intervention is still at `version`; returns whether it was. */
export async function updateInterventionAtVersion(
  tx: Tx,
  interventionId: string,
  version: number,
  changes: Pick<Insertable<InterventionsTable>, "kind" | "started_at" | "ended_at" | "details">,
): Promise<boolean> {
  const result = await tx
    .updateTable("interventions")
    .set({ ...changes, version: version + 1 })
    .where("id", "=", interventionId)
    .where("version", "=", version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** One outcome by its id: for telling a replayed record from a different one under the same id. */
export async function findOutcome(
  tx: Tx,
  outcomeId: string,
): Promise<Pick<OutcomeRecord, "interventionId" | "assessedAt" | "outcome" | "notes"> | undefined> {
  const row = await tx
    .selectFrom("intervention_outcomes")
    .select(["intervention_id", "assessed_at", "outcome", "notes"])
    .where("id", "=", outcomeId)
    .executeTakeFirst();
  return row
    ? { interventionId: row.intervention_id, assessedAt: row.assessed_at, outcome: row.outcome, notes: row.notes }
    : undefined;
}

import type { Kysely } from "kysely";
import { withActor, type Actor, type Database, type Tx } from "@wave/db";
import {
  interventionWindows,
  type Intervention,
  type InterventionCreate,
  type InterventionUpdate,
  type OutcomeRecord,
} from "@wave/shared";
import { recordAudit } from "../audit/audit.repository.js";
import { auditedClientRead } from "../audit/audited-read.js";
import { assertPlausibleForBirth } from "../clients/birth-plausibility.js";
import type { ClientKey } from "../clients/clients.repository.js";
import { conflictError, fieldError, notFound, replayConflict } from "../errors.js";
import { sameContent } from "../idempotency.js";
import { listRatedEpisodes } from "../episodes/episodes.repository.js";
import { changedFields } from "../audit/changed-fields.js";
import {
  findIntervention,
  findOutcome,
  insertInterventionIfAbsent,
  insertOutcomeIfAbsent,
  listInterventions,
  listOutcomes,
  updateInterventionAtVersion,
  type InterventionRecord,
} from "./interventions.repository.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const INTERVENTION_NOT_FOUND = "No intervention with that id for this client.";
// An intervention for DMER starts while the parent is lactating: the same window around the birth as an episode.
const STARTED_AT = { name: "startedAt", label: "Start" };

/** Interventions with their outcomes and the 14-day before/after means from the client's episodes. */
async function loadInterventions(tx: Tx, client: ClientKey, only?: InterventionRecord): Promise<Intervention[]> {
  const interventions = only ? [only] : await listInterventions(tx, client);
  const [outcomes, episodes] = await Promise.all([
    listOutcomes(
      tx,
      interventions.map((intervention) => intervention.id),
    ),
    listRatedEpisodes(tx, client),
  ]);
  return interventions.map((intervention) => ({
    id: intervention.id,
    clientId: intervention.clientId,
    kind: intervention.kind,
    startedAt: intervention.startedAt.toISOString(),
    endedAt: intervention.endedAt?.toISOString() ?? null,
    details: intervention.details,
    recordedByName: intervention.recordedByName,
    version: intervention.version,
    outcomes: outcomes
      .filter((outcome) => outcome.interventionId === intervention.id)
      .map((outcome) => ({
        id: outcome.id,
        assessedAt: outcome.assessedAt.toISOString(),
        outcome: outcome.outcome,
        notes: outcome.notes,
        recordedByName: outcome.recordedByName,
      })),
    ...interventionWindows(episodes, intervention.startedAt),
  }));
}

export function listClientInterventions(db: Kysely<Database>, actor: Actor, clientId: string): Promise<Intervention[]> {
  return auditedClientRead(db, actor, { clientId, action: "intervention.list" }, (tx) => loadInterventions(tx, { practiceId: actor.practiceId, clientId }));
}

/** Records an intervention under its caller-generated id; a repeat returns the stored one. */
export async function createIntervention(
  db: Kysely<Database>,
  actor: Actor,
  input: InterventionCreate,
): Promise<Intervention> {
  return withActor(db, actor, async (tx) => {
    await assertPlausibleForBirth(tx, { practiceId: actor.practiceId, clientId: input.clientId }, input.startedAt, STARTED_AT);
    const inserted = await insertInterventionIfAbsent(tx, {
      practice_id: actor.practiceId,
      id: input.id,
      client_id: input.clientId,
      kind: input.kind,
      started_at: input.startedAt,
      ended_at: input.endedAt ?? null,
      details: input.details ?? null,
      recorded_by: actor.userId,
    });
    const stored = await findIntervention(tx, input.id);
    if (!stored || stored.clientId !== input.clientId) throw notFound(INTERVENTION_NOT_FOUND);
    const sent = { kind: input.kind, startedAt: input.startedAt, endedAt: input.endedAt, details: input.details };
    if (!inserted && !sameContent(sent, { kind: stored.kind, startedAt: stored.startedAt, endedAt: stored.endedAt, details: stored.details })) {
      const [current] = await loadInterventions(tx, { practiceId: actor.practiceId, clientId: input.clientId }, stored);
      throw replayConflict("intervention", input.id, current ?? {});
    }
    if (inserted) {
      await recordAudit(tx, actor, {
      action: "intervention.create",
        entity: "intervention",
        entityId: input.id,
        details: { clientId: input.clientId },
      });
    }
    const [intervention] = await loadInterventions(tx, { practiceId: actor.practiceId, clientId: input.clientId }, stored);
    if (!intervention) throw notFound(INTERVENTION_NOT_FOUND);
    return intervention;
  });
}

/** Records how an intervention worked; idempotent by the outcome's id. Returns the intervention. */
export async function recordOutcome(db: Kysely<Database>, actor: Actor, input: OutcomeRecord): Promise<Intervention> {
  return withActor(db, actor, async (tx) => {
    const stored = await findIntervention(tx, input.interventionId);
    if (!stored || stored.clientId !== input.clientId) throw notFound(INTERVENTION_NOT_FOUND);
    // By day, not to the minute: a date picked in a form means that whole day.
    if (input.assessedAt.getTime() < stored.startedAt.getTime() - DAY_MS) {
      throw fieldError("assessedAt", "An outcome cannot be assessed before the intervention started");
    }
    const inserted = await insertOutcomeIfAbsent(tx, {
      practice_id: actor.practiceId,
      id: input.id,
      intervention_id: input.interventionId,
      assessed_at: input.assessedAt,
      outcome: input.outcome,
      notes: input.notes ?? null,
      recorded_by: actor.userId,
    });
    if (!inserted) {
      const existing = await findOutcome(tx, input.id);
      const sent = { interventionId: input.interventionId, assessedAt: input.assessedAt, outcome: input.outcome, notes: input.notes };
      if (!existing || !sameContent(sent, existing)) {
        const [current] = await loadInterventions(tx, { practiceId: actor.practiceId, clientId: input.clientId }, stored);
        throw replayConflict("outcome", input.id, current ?? {});
      }
    }
    if (inserted) {
      await recordAudit(tx, actor, {
      action: "intervention.record_outcome",
        entity: "intervention",
        entityId: input.interventionId,
        details: { clientId: input.clientId, outcomeId: input.id },
      });
    }
    const [intervention] = await loadInterventions(tx, { practiceId: actor.practiceId, clientId: input.clientId }, stored);
    if (!intervention) throw notFound(INTERVENTION_NOT_FOUND);
    return intervention;
  });
}

/** Changes an intervention only if nobody else has since the caller read `version`. */
export async function updateIntervention(
  db: Kysely<Database>,
  actor: Actor,
  input: InterventionUpdate,
): Promise<Intervention> {
  return withActor(db, actor, async (tx) => {
    const stored = await findIntervention(tx, input.id);
    if (!stored || stored.clientId !== input.clientId) throw notFound(INTERVENTION_NOT_FOUND);
    await assertPlausibleForBirth(tx, { practiceId: actor.practiceId, clientId: input.clientId }, input.startedAt, STARTED_AT);
    const [before] = await loadInterventions(tx, { practiceId: actor.practiceId, clientId: input.clientId }, stored);
    const updated = await updateInterventionAtVersion(tx, input.id, input.version, {
      kind: input.kind,
      started_at: input.startedAt,
      ended_at: input.endedAt ?? null,
      details: input.details ?? null,
    });
    if (!updated || !before) {
      const current = await findIntervention(tx, input.id);
      const [now] = current ? await loadInterventions(tx, { practiceId: actor.practiceId, clientId: input.clientId }, current) : [];
      throw conflictError("intervention", now ?? {});
    }
    const refreshed = await findIntervention(tx, input.id);
    const [after] = refreshed ? await loadInterventions(tx, { practiceId: actor.practiceId, clientId: input.clientId }, refreshed) : [];
    if (!after) throw notFound(INTERVENTION_NOT_FOUND);
    await recordAudit(tx, actor, {
      action: "intervention.update",
      entity: "intervention",
      entityId: input.id,
      details: { clientId: input.clientId, fields: changedFields(before, after).filter((field) => !["before", "after", "outcomes"].includes(field)) },
    });
    return after;
  });
}

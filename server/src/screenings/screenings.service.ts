import type { Kysely } from "kysely";
import { withActor, type Actor, type Database, type Tx } from "@wave/db";
import { epdsRaisesAlert, scoreEpds, type EpdsCreate, type Screening } from "@wave/shared";
import { raiseSelfHarmAlert } from "../alerts/alerts.service.js";
import { recordAudit, type AuditedActor } from "../audit/audit.repository.js";
import { auditedClientRead } from "../audit/audited-read.js";
import { assertPlausibleForBirth } from "../clients/birth-plausibility.js";
import { notFound, replayConflict } from "../errors.js";
import { sameContent } from "../idempotency.js";
import { findScreening, insertScreeningIfAbsent, listScreenings } from "./screenings.repository.js";

const SCREENING_NOT_FOUND = "No screening with that id for this client.";

/**
 * Scores an EPDS on the server from the option indices (DOMAIN.md: items 3
 * and 5-10 reverse-scored) and stores answers, total and item 10 together.
 * Item 10 above 0 raises a safety alert in the same transaction.
 */
export async function createEpds(db: Kysely<Database>, actor: Actor, input: EpdsCreate): Promise<Screening> {
  const score = scoreEpds(input.answers);
  return withActor(db, actor, async (tx) => {
    // The EPDS screens the perinatal period: the same window around the birth as an episode.
    await assertPlausibleForBirth(tx, { practiceId: actor.practiceId, clientId: input.clientId }, input.takenAt, { name: "takenAt", label: "Taken on" });
    const inserted = await insertScreeningIfAbsent(tx, {
      practice_id: actor.practiceId,
      id: input.id,
      client_id: input.clientId,
      instrument: "epds",
      taken_at: input.takenAt,
      answers: input.answers,
      total: score.total,
      item10: score.item10,
      recorded_by: actor.userId,
    });
    const screening = await findScreening(tx, input.id);
    if (!screening || screening.clientId !== input.clientId) throw notFound(SCREENING_NOT_FOUND);
    const sent = { takenAt: input.takenAt, answers: input.answers };
    if (!inserted && !sameContent(sent, { takenAt: new Date(screening.takenAt), answers: screening.answers })) {
      throw replayConflict("screening", input.id, screening);
    }
    if (inserted) await afterEpdsCreated(tx, actor, screening);
    return screening;
  });
}

/** What a new EPDS brings, whoever sent it (a consultant, a client's link): its audit row, and the alert item 10 raises. */
export async function afterEpdsCreated(tx: Tx, actor: AuditedActor, screening: Screening): Promise<void> {
  await recordAudit(tx, actor, {
    action: "screening.create",
    entity: "screening",
    entityId: screening.id,
    details: { clientId: screening.clientId, instrument: "epds" },
  });
  if (epdsRaisesAlert(screening.item10)) {
    await raiseSelfHarmAlert(tx, actor, {
      clientId: screening.clientId,
      source: "epds",
      sourceId: screening.id,
      reportedAt: screening.takenAt,
    });
  }
}

export function listClientScreenings(db: Kysely<Database>, actor: Actor, clientId: string): Promise<Screening[]> {
  return auditedClientRead(db, actor, { clientId, action: "screening.list" }, (tx) => listScreenings(tx, clientId));
}

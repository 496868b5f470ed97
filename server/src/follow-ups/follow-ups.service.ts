import type { Kysely } from "kysely";
import { withActor, type Actor, type Database, type Tx } from "@wave/db";
import { followUpResolvesAlerts, type FollowUp, type FollowUpContact, type FollowUpOutcome } from "@wave/shared";
import { resolveOpenAlerts } from "../alerts/alerts.repository.js";
import { recordAudit } from "../audit/audit.repository.js";
import { auditedClientRead } from "../audit/audited-read.js";
import { fieldError, notFound, replayConflict } from "../errors.js";
import { sameContent } from "../idempotency.js";
import {
  completeScheduledFollowUp,
  findCompletion,
  findOpenFollowUp,
  insertFollowUp,
  insertUnscheduledContact,
  listFollowUps,
  rescheduleFollowUp,
} from "./follow-ups.repository.js";

/**
 * Sets the client's next follow-up, in the caller's transaction. A client has
 * at most one open follow-up: scheduling again moves it rather than stacking another.
 */
async function bookNextFollowUp(tx: Tx, actor: Actor, clientId: string, dueAt: Date): Promise<void> {
  const open = await findOpenFollowUp(tx, clientId);
  const followUpId = open
    ? (await rescheduleFollowUp(tx, open.id, dueAt), open.id)
    : await insertFollowUp(tx, { practiceId: actor.practiceId, clientId, dueAt, createdBy: actor.userId });
  await recordAudit(tx, actor, {
    action: open ? "follow_up.reschedule" : "follow_up.schedule",
    entity: "follow_up",
    entityId: followUpId,
    details: { clientId },
  });
}

export async function scheduleFollowUp(
  db: Kysely<Database>,
  actor: Actor,
  input: { clientId: string; dueAt: Date },
): Promise<FollowUp[]> {
  return withActor(db, actor, async (tx) => {
    await bookNextFollowUp(tx, actor, input.clientId, input.dueAt);
    return listFollowUps(tx, input.clientId);
  });
}

export interface CompletionInput {
  id: string;
  clientId: string;
  outcome: FollowUpOutcome;
  contact?: FollowUpContact | undefined;
  notes: string;
  scheduledFollowUpId?: string | undefined;
  nextDueAt?: Date | undefined;
}

const FOLLOW_UP_NOT_FOUND = "No follow-up with that id for this client.";

/** The same completion sent again answers the client's follow-ups; the same id with other content is a CONFLICT. */
async function answerReplay(
  tx: Tx,
  input: CompletionInput,
  stored: NonNullable<Awaited<ReturnType<typeof findCompletion>>>,
): Promise<FollowUp[]> {
  if (stored.clientId !== input.clientId) throw notFound(FOLLOW_UP_NOT_FOUND);
  const followUps = await listFollowUps(tx, input.clientId);
  const sent = { row: input.scheduledFollowUpId ?? input.id, outcome: input.outcome, contact: input.contact, notes: input.notes };
  if (!sameContent(sent, { row: stored.id, outcome: stored.outcome, contact: stored.contact, notes: stored.notes })) {
    throw replayConflict("follow-up", input.id, followUps.find((followUp) => followUp.id === stored.id) ?? {});
  }
  return followUps;
}

const NOT_OPEN = "That follow-up is no longer open: it was completed or moved. Reload to see the client's follow-ups.";

/**
 * Records how a contact went. Only one that reached the client resolves their
 * open safety alerts (DOMAIN.md); one that did not keeps them open. The
 * scheduled follow-up is completed only when the user says this contact was
 * it, so recording an urgent call never silently consumes the next visit.
 * Replaying the same id writes nothing more.
 */
export async function completeClientFollowUp(
  db: Kysely<Database>,
  actor: Actor,
  input: CompletionInput,
  now: Date,
): Promise<FollowUp[]> {
  return withActor(db, actor, async (tx) => {
    const replayed = await findCompletion(tx, input.id);
    if (replayed) return answerReplay(tx, input, replayed);
    const completion = {
      completedAt: now,
      completedBy: actor.userId,
      outcome: input.outcome,
      contact: input.contact ?? null,
      notes: input.notes,
    };
    let followUpId: string;
    if (input.scheduledFollowUpId) {
      const open = await findOpenFollowUp(tx, input.clientId);
      const completed =
        open?.id === input.scheduledFollowUpId &&
        (await completeScheduledFollowUp(tx, open.id, { ...completion, completionId: input.id }));
      if (!completed) {
        // A concurrent twin of this very request may have just completed it.
        const twin = await findCompletion(tx, input.id);
        if (twin) return answerReplay(tx, input, twin);
        throw fieldError("scheduledFollowUpId", NOT_OPEN, "CONFLICT");
      }
      followUpId = input.scheduledFollowUpId;
    } else {
      const inserted = await insertUnscheduledContact(tx, {
        practiceId: actor.practiceId,
        id: input.id,
        clientId: input.clientId,
        ...completion,
      });
      if (!inserted) {
        const twin = await findCompletion(tx, input.id);
        if (!twin) throw notFound(FOLLOW_UP_NOT_FOUND);
        return answerReplay(tx, input, twin);
      }
      followUpId = input.id;
    }
    const resolved = followUpResolvesAlerts(input.outcome)
      ? await resolveOpenAlerts(tx, { clientId: input.clientId, followUpId, resolvedBy: actor.userId, resolvedAt: now })
      : 0;
    await recordAudit(tx, actor, {
      action: "follow_up.complete",
      entity: "follow_up",
      entityId: followUpId,
      details: { clientId: input.clientId, scheduled: Boolean(input.scheduledFollowUpId), resolvedAlerts: resolved },
    });
    if (input.nextDueAt) await bookNextFollowUp(tx, actor, input.clientId, input.nextDueAt);
    return listFollowUps(tx, input.clientId);
  });
}

export function listClientFollowUps(db: Kysely<Database>, actor: Actor, clientId: string): Promise<FollowUp[]> {
  return auditedClientRead(db, actor, { clientId, action: "follow_up.list" }, (tx) => listFollowUps(tx, clientId));
}

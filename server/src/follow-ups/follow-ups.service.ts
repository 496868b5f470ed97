import type { Kysely } from "kysely";
import { withActor, type Actor, type Database } from "@wave/db";
import type { FollowUp } from "@wave/shared";
import { recordAudit } from "../audit/audit.repository.js";
import { auditedClientRead } from "../audit/audited-read.js";
import { completeFollowUp, findOpenFollowUp, insertFollowUp, listFollowUps, rescheduleFollowUp } from "./follow-ups.repository.js";

/**
 * Sets the client's next follow-up. A client has at most one open follow-up:
 * scheduling again moves it rather than stacking another.
 */
export async function scheduleFollowUp(
  db: Kysely<Database>,
  actor: Actor,
  input: { clientId: string; dueAt: string },
): Promise<FollowUp[]> {
  return withActor(db, actor, async (tx) => {
    const open = await findOpenFollowUp(tx, input.clientId);
    const dueAt = new Date(input.dueAt);
    const followUpId = open
      ? (await rescheduleFollowUp(tx, open.id, dueAt), open.id)
      : await insertFollowUp(tx, { practiceId: actor.practiceId, clientId: input.clientId, dueAt, createdBy: actor.userId });
    await recordAudit(tx, actor, {
      action: open ? "follow_up.reschedule" : "follow_up.schedule",
      entity: "follow_up",
      entityId: followUpId,
      details: { clientId: input.clientId },
    });
    return listFollowUps(tx, input.clientId);
  });
}

/**
 * Records that a follow-up happened: the open one if there is one, else an
 * unscheduled contact. This is what clears the urgent self-harm flag
 * (DOMAIN.md's safety rule): reports before it count as followed up.
 */
export async function completeClientFollowUp(
  db: Kysely<Database>,
  actor: Actor,
  input: { clientId: string; notes: string },
  now: Date,
): Promise<FollowUp[]> {
  return withActor(db, actor, async (tx) => {
    const open = await findOpenFollowUp(tx, input.clientId);
    let followUpId: string;
    if (open) {
      await completeFollowUp(tx, open.id, { completedAt: now, completedBy: actor.userId, notes: input.notes });
      followUpId = open.id;
    } else {
      followUpId = await insertFollowUp(tx, {
        practiceId: actor.practiceId,
        clientId: input.clientId,
        dueAt: now,
        createdBy: actor.userId,
        completedAt: now,
        notes: input.notes,
      });
    }
    await recordAudit(tx, actor, {
      action: "follow_up.complete",
      entity: "follow_up",
      entityId: followUpId,
      details: { clientId: input.clientId, scheduled: Boolean(open) },
    });
    return listFollowUps(tx, input.clientId);
  });
}

export function listClientFollowUps(db: Kysely<Database>, actor: Actor, clientId: string): Promise<FollowUp[]> {
  return auditedClientRead(db, actor, { clientId, action: "follow_up.list" }, (tx) => listFollowUps(tx, clientId));
}

import { sql } from "kysely";
import type { Tx } from "@wave/db";
import type { FollowUp, FollowUpContact, FollowUpOutcome } from "@wave/shared";

export async function findOpenFollowUp(tx: Tx, clientId: string): Promise<{ id: string; dueAt: Date } | undefined> {
  const row = await tx
    .selectFrom("follow_ups")
    .select(["id", "due_at"])
    .where("client_id", "=", clientId)
    .where("completed_at", "is", null)
    .orderBy("due_at", "asc")
    .executeTakeFirst();
  return row ? { id: row.id, dueAt: row.due_at } : undefined;
}

/** The follow-up a completion with this client-generated id wrote, if any (a replay). */
export async function findCompletion(
  tx: Tx,
  completionId: string,
): Promise<{ id: string; clientId: string; outcome: FollowUpOutcome | null; contact: FollowUpContact | null; notes: string | null } | undefined> {
  const row = await tx
    .selectFrom("follow_ups")
    .select(["id", "client_id", "outcome", "contact", "notes"])
    .where((eb) => eb.or([eb("id", "=", completionId), eb("completion_id", "=", completionId)]))
    .where("completed_at", "is not", null)
    .executeTakeFirst();
  return row ? { id: row.id, clientId: row.client_id, outcome: row.outcome, contact: row.contact, notes: row.notes } : undefined;
}

export async function insertFollowUp(
  tx: Tx,
  row: { practiceId: string; clientId: string; dueAt: Date; createdBy: string },
): Promise<string> {
  const inserted = await tx
    .insertInto("follow_ups")
    .values({ practice_id: row.practiceId, client_id: row.clientId, due_at: row.dueAt, created_by: row.createdBy })
    .returning("id")
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export interface Completion {
  completedAt: Date;
  completedBy: string;
  outcome: FollowUpOutcome;
  contact: FollowUpContact | null;
  notes: string;
}

/** A contact nobody had scheduled, under the caller's id; false when that id exists (a replay). */
export async function insertUnscheduledContact(
  tx: Tx,
  row: Completion & { practiceId: string; id: string; clientId: string },
): Promise<boolean> {
  const result = await tx
    .insertInto("follow_ups")
    .values({
      practice_id: row.practiceId,
      id: row.id,
      client_id: row.clientId,
      due_at: row.completedAt,
      created_by: row.completedBy,
      completed_at: row.completedAt,
      completed_by: row.completedBy,
      outcome: row.outcome,
      contact: row.contact,
      notes: row.notes,
    })
    .onConflict((conflict) => conflict.columns(["practice_id", "id"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Completes a scheduled follow-up if it is still open; false when someone already did. */
export async function completeScheduledFollowUp(
  tx: Tx,
  followUpId: string,
  completion: Completion & { completionId: string },
): Promise<boolean> {
  const result = await tx
    .updateTable("follow_ups")
    .set({
      completed_at: completion.completedAt,
      completed_by: completion.completedBy,
      outcome: completion.outcome,
      contact: completion.contact,
      notes: completion.notes,
      completion_id: completion.completionId,
    })
    .where("id", "=", followUpId)
    .where("completed_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function rescheduleFollowUp(tx: Tx, followUpId: string, dueAt: Date): Promise<void> {
  await tx.updateTable("follow_ups").set({ due_at: dueAt }).where("id", "=", followUpId).execute();
}

export async function listFollowUps(tx: Tx, clientId: string): Promise<FollowUp[]> {
  const rows = await tx
    .selectFrom("follow_ups")
    .leftJoin("users", (join) =>
      join.onRef("users.practice_id", "=", "follow_ups.practice_id").onRef("users.id", "=", "follow_ups.completed_by"),
    )
    .select([
      "follow_ups.id",
      "follow_ups.due_at",
      "follow_ups.completed_at",
      "users.name as completed_by_name",
      "follow_ups.outcome",
      "follow_ups.contact",
      "follow_ups.notes",
      sql<number>`(select count(*)::int from safety_alerts a
                    where a.practice_id = follow_ups.practice_id and a.resolving_follow_up_id = follow_ups.id)`.as(
        "resolved_alerts",
      ),
    ])
    .where("follow_ups.client_id", "=", clientId)
    .orderBy("follow_ups.due_at", "desc")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    dueAt: row.due_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
    completedByName: row.completed_by_name,
    outcome: row.outcome,
    contact: row.contact,
    notes: row.notes,
    resolvedAlerts: row.resolved_alerts,
  }));
}

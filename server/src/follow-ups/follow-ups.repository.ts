import type { Tx } from "@wave/db";
import type { FollowUp } from "@wave/shared";

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

export async function insertFollowUp(
  tx: Tx,
  row: { practiceId: string; clientId: string; dueAt: Date; createdBy: string; completedAt?: Date; notes?: string },
): Promise<string> {
  const inserted = await tx
    .insertInto("follow_ups")
    .values({
      practice_id: row.practiceId,
      client_id: row.clientId,
      due_at: row.dueAt,
      created_by: row.createdBy,
      completed_at: row.completedAt ?? null,
      completed_by: row.completedAt ? row.createdBy : null,
      notes: row.notes ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function rescheduleFollowUp(tx: Tx, followUpId: string, dueAt: Date): Promise<void> {
  await tx.updateTable("follow_ups").set({ due_at: dueAt }).where("id", "=", followUpId).execute();
}

export async function completeFollowUp(
  tx: Tx,
  followUpId: string,
  completion: { completedAt: Date; completedBy: string; notes: string },
): Promise<void> {
  await tx
    .updateTable("follow_ups")
    .set({ completed_at: completion.completedAt, completed_by: completion.completedBy, notes: completion.notes })
    .where("id", "=", followUpId)
    .where("completed_at", "is", null)
    .execute();
}

export async function listFollowUps(tx: Tx, clientId: string): Promise<FollowUp[]> {
  const rows = await tx
    .selectFrom("follow_ups")
    .leftJoin("users", (join) =>
      join.onRef("users.practice_id", "=", "follow_ups.practice_id").onRef("users.id", "=", "follow_ups.completed_by"),
    )
    .select(["follow_ups.id", "follow_ups.due_at", "follow_ups.completed_at", "users.name as completed_by_name", "follow_ups.notes"])
    .where("follow_ups.client_id", "=", clientId)
    .orderBy("follow_ups.due_at", "desc")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    dueAt: row.due_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
    completedByName: row.completed_by_name,
    notes: row.notes,
  }));
}

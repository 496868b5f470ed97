import type { Tx } from "@wave/db";
import type { Role } from "@wave/shared";

export interface StaffMember {
  id: string;
  name: string;
  email: string;
  role: Role;
  deactivatedAt: string | null;
}

/** The practice's staff, visible to the caller through row-level security. */
export async function listStaff(tx: Tx): Promise<StaffMember[]> {
  const rows = await tx
    .selectFrom("users")
    .select(["id", "name", "email", "role", "deactivated_at"])
    .orderBy("name")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    deactivatedAt: row.deactivated_at?.toISOString() ?? null,
  }));
}

export async function insertUser(
  tx: Tx,
  user: { practiceId: string; email: string; name: string; role: Role; passwordHash: string },
): Promise<string> {
  const row = await tx
    .insertInto("users")
    .values({
      practice_id: user.practiceId,
      email: user.email,
      name: user.name,
      role: user.role,
      password_hash: user.passwordHash,
      must_change_password: true,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findStaffMember(tx: Tx, userId: string): Promise<StaffMember | undefined> {
  const row = await tx.selectFrom("users").select(["id", "name", "email", "role", "deactivated_at"]).where("id", "=", userId).executeTakeFirst();
  return row
    ? { id: row.id, name: row.name, email: row.email, role: row.role, deactivatedAt: row.deactivated_at?.toISOString() ?? null }
    : undefined;
}

export async function markDeactivated(tx: Tx, userId: string, at: Date): Promise<void> {
  await tx.updateTable("users").set({ deactivated_at: at }).where("id", "=", userId).where("deactivated_at", "is", null).execute();
}

/** Ends every session of the user at once (a lead may, by row-level security, within the practice). */
export async function deleteSessionsOf(tx: Tx, userId: string): Promise<number> {
  const result = await tx.deleteFrom("sessions").where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function countActiveClientsOf(tx: Tx, consultantId: string): Promise<number> {
  const row = await tx
    .selectFrom("clients")
    .select(({ fn }) => fn.countAll<number>().as("count"))
    .where("primary_consultant_id", "=", consultantId)
    .where("status", "=", "active")
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Active clients per consultant, in one query: consultant id -> count. */
export async function countActiveClientsByConsultant(tx: Tx): Promise<Map<string, number>> {
  const rows = await tx
    .selectFrom("clients")
    .select(["primary_consultant_id", ({ fn }) => fn.countAll<number>().as("count")])
    .where("status", "=", "active")
    .groupBy("primary_consultant_id")
    .execute();
  return new Map(rows.map((row) => [row.primary_consultant_id, Number(row.count)]));
}

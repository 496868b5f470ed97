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

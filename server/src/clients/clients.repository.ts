import type { Tx } from "@wave/db";

export interface ClientAccessRecord {
  clientId: string;
  practiceId: string;
  primaryConsultantId: string;
}

/** The fields an access decision needs; undefined when the client is not visible. */
export async function findClientAccessRecord(tx: Tx, clientId: string): Promise<ClientAccessRecord | undefined> {
  const row = await tx
    .selectFrom("clients")
    .select(["id", "practice_id", "primary_consultant_id"])
    .where("id", "=", clientId)
    .executeTakeFirst();
  return row ? { clientId: row.id, practiceId: row.practice_id, primaryConsultantId: row.primary_consultant_id } : undefined;
}

export interface ClientProfileRecord {
  clientId: string;
  displayName: string;
  babyBirthDate: string;
  feedingMethod: "nursing" | "pumping" | "both";
  consideringWeaning: boolean;
  primaryConsultantId: string;
  consultantName: string;
  status: "active" | "discharged";
  nextFollowUpAt: Date | null;
  version: number;
}

export async function findClientProfile(tx: Tx, clientId: string): Promise<ClientProfileRecord | undefined> {
  const row = await tx
    .selectFrom("clients")
    .innerJoin("users", (join) =>
      join.onRef("users.practice_id", "=", "clients.practice_id").onRef("users.id", "=", "clients.primary_consultant_id"),
    )
    .select([
      "clients.id",
      "clients.display_name",
      "clients.baby_birth_date",
      "clients.feeding_method",
      "clients.considering_weaning",
      "clients.primary_consultant_id",
      "users.name as consultant_name",
      "clients.status",
      "clients.next_follow_up_at",
      "clients.version",
    ])
    .where("clients.id", "=", clientId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    clientId: row.id,
    displayName: row.display_name,
    babyBirthDate: row.baby_birth_date,
    feedingMethod: row.feeding_method,
    consideringWeaning: row.considering_weaning,
    primaryConsultantId: row.primary_consultant_id,
    consultantName: row.consultant_name,
    status: row.status,
    nextFollowUpAt: row.next_follow_up_at,
    version: row.version,
  };
}

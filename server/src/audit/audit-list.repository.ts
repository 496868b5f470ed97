import { sql } from "kysely";
import type { Tx } from "@wave/db";

export interface AuditQuery {
  userId?: string | undefined;
  clientId?: string | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  offset: number;
}

export interface AuditEntryView {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  details: Record<string, unknown>;
}

/** The practice's audit log, newest first; only leads see it (row-level security). */
export async function listAuditEntries(tx: Tx, query: AuditQuery): Promise<{ rows: AuditEntryView[]; total: number }> {
  let select = tx
    .selectFrom("audit_log")
    .leftJoin("users", (join) => join.onRef("users.practice_id", "=", "audit_log.practice_id").onRef("users.id", "=", "audit_log.actor_id"));
  if (query.userId) select = select.where("audit_log.actor_id", "=", query.userId);
  if (query.action) select = select.where("audit_log.action", "like", `${query.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (query.from) select = select.where("audit_log.at", ">=", query.from);
  if (query.to) select = select.where("audit_log.at", "<", query.to);
  if (query.clientId) {
    // A client's trail: events about the client itself, and about its records.
    const clientId = query.clientId;
    select = select.where((eb) =>
      eb.or([eb("audit_log.entity_id", "=", clientId), eb(sql<string>`audit_log.details->>'clientId'`, "=", clientId)]),
    );
  }
  const [rows, total] = await Promise.all([
    select
      .select([
        "audit_log.id",
        "audit_log.at",
        "audit_log.actor_id",
        "users.name as actor_name",
        "audit_log.action",
        "audit_log.entity",
        "audit_log.entity_id",
        "audit_log.details",
      ])
      .orderBy("audit_log.at", "desc")
      .orderBy("audit_log.id", "desc")
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
    select.select(({ fn }) => fn.countAll<number>().as("count")).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(total.count),
    rows: rows.map((row) => ({
      id: String(row.id),
      at: row.at.toISOString(),
      actorId: row.actor_id,
      actorName: row.actor_name,
      action: row.action,
      entity: row.entity,
      entityId: row.entity_id,
      details: row.details,
    })),
  };
}

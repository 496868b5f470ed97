import type { Actor, LinkHolder, Tx } from "@wave/db";

export interface AuditEntry {
  practiceId: string;
  actorId: string | null;
  action: string;
  entity: string;
  entityId?: string | null;
  /** Identifiers, counts and field names only. Never health data. */
  details?: Record<string, string | number | boolean | null | string[]>;
}

/** Appends one audit row inside the caller's transaction, so work and record commit together. */
export async function appendAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx
    .insertInto("audit_log")
    .values({
      practice_id: entry.practiceId,
      actor_id: entry.actorId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}

/** Who did it: a staff member, or a client through their self-report link. */
export type AuditedActor = Actor | LinkHolder;

/**
 * Appends an audit row for what `actor` did, in the caller's transaction. A
 * client's link is nobody's account: no actor id, and the details say it came
 * from the client and through which link.
 */
export function recordAudit(tx: Tx, actor: AuditedActor, entry: Omit<AuditEntry, "practiceId" | "actorId">): Promise<void> {
  if ("linkId" in actor) {
    const details = { ...entry.details, source: "client", linkId: actor.linkId };
    return appendAudit(tx, { practiceId: actor.practiceId, actorId: null, ...entry, details });
  }
  return appendAudit(tx, { practiceId: actor.practiceId, actorId: actor.userId, ...entry });
}

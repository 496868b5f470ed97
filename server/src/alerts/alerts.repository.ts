import { sql } from "kysely";
import type { Tx } from "@wave/db";
import type { AlertRef, AlertSource, SafetyAlert } from "@wave/shared";

/**
 * Raises an alert for one report unless that report already has an open one
 * (the partial unique index makes a replay or a concurrent twin a no-op).
 * True when a new alert was raised. Nothing is read back: a client's link may
 * raise an alert but never read one.
 */
export async function raiseAlert(
  tx: Tx,
  alert: { practiceId: string; clientId: string; source: AlertSource; sourceId: string; reportedAt: Date | string },
): Promise<boolean> {
  const result = await tx
    .insertInto("safety_alerts")
    .values({
      practice_id: alert.practiceId,
      client_id: alert.clientId,
      source: alert.source,
      source_id: alert.sourceId,
      reported_at: alert.reportedAt,
    })
    .onConflict((conflict) => conflict.columns(["practice_id", "source", "source_id"]).where("resolved_at", "is", null).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Resolves every open alert of the client with the follow-up that reached them; returns how many. */
export async function resolveOpenAlerts(
  tx: Tx,
  resolution: { clientId: string; followUpId: string; resolvedBy: string; resolvedAt: Date },
): Promise<number> {
  const result = await tx
    .updateTable("safety_alerts")
    .set({
      resolved_at: resolution.resolvedAt,
      resolved_by: resolution.resolvedBy,
      resolving_follow_up_id: resolution.followUpId,
    })
    .where("client_id", "=", resolution.clientId)
    .where("resolved_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Marks an alert seen; the first acknowledgement is kept. True when the alert exists. */
export async function acknowledgeAlert(tx: Tx, alertId: string, userId: string, at: Date): Promise<void> {
  await tx
    .updateTable("safety_alerts")
    .set({ acknowledged_at: at, acknowledged_by: userId })
    .where("id", "=", alertId)
    .where("acknowledged_at", "is", null)
    .execute();
}

/**
 * An alert with what its AlertRef needs besides its own row: who acknowledged
 * it, and an EPDS's item 10. The caseload's rows read this alone; the alerts
 * page adds the client, the consultant and the resolver (selectAlerts).
 */
function selectAlertRefs(tx: Tx) {
  return tx
    .selectFrom("safety_alerts as a")
    .leftJoin("users as acknowledger", (join) =>
      join.onRef("acknowledger.practice_id", "=", "a.practice_id").onRef("acknowledger.id", "=", "a.acknowledged_by"),
    )
    .leftJoin("screenings as s", (join) =>
      join.onRef("s.practice_id", "=", "a.practice_id").onRef("s.id", "=", "a.source_id").on("a.source", "=", "epds"),
    )
    .select([
      "a.id",
      "a.client_id",
      "a.source",
      "a.source_id",
      "a.reported_at",
      "a.raised_at",
      "a.acknowledged_at",
      "acknowledger.name as acknowledged_by_name",
      // answers[] holds the index of the printed option chosen (Postgres arrays count from 1).
      sql<number | null>`s.answers[10]`.as("item10_answer"),
    ]);
}

type AlertRefRow = Awaited<ReturnType<ReturnType<typeof selectAlertRefs>["executeTakeFirstOrThrow"]>>;

function toAlertRef(row: AlertRefRow): AlertRef {
  return {
    alertId: row.id,
    source: row.source,
    sourceId: row.source_id,
    reportedAt: row.reported_at.toISOString(),
    raisedAt: row.raised_at.toISOString(),
    item10Answer: row.item10_answer,
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    acknowledgedByName: row.acknowledged_by_name,
  };
}

function selectAlerts(tx: Tx) {
  return selectAlertRefs(tx)
    .innerJoin("clients as c", (join) => join.onRef("c.practice_id", "=", "a.practice_id").onRef("c.id", "=", "a.client_id"))
    .innerJoin("users as consultant", (join) =>
      join.onRef("consultant.practice_id", "=", "c.practice_id").onRef("consultant.id", "=", "c.primary_consultant_id"),
    )
    .leftJoin("users as resolver", (join) =>
      join.onRef("resolver.practice_id", "=", "a.practice_id").onRef("resolver.id", "=", "a.resolved_by"),
    )
    .select([
      "c.display_name",
      "c.primary_consultant_id",
      "consultant.name as consultant_name",
      "a.resolved_at",
      "resolver.name as resolved_by_name",
      "a.resolving_follow_up_id",
    ]);
}

type AlertRow = Awaited<ReturnType<ReturnType<typeof selectAlerts>["executeTakeFirstOrThrow"]>>;

function toAlert(row: AlertRow): SafetyAlert {
  return {
    ...toAlertRef(row),
    clientId: row.client_id,
    displayName: row.display_name,
    consultantId: row.primary_consultant_id,
    consultantName: row.consultant_name,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    resolvedByName: row.resolved_by_name,
    resolvingFollowUpId: row.resolving_follow_up_id,
  };
}

export async function findAlert(tx: Tx, alertId: string): Promise<SafetyAlert | undefined> {
  const row = await selectAlerts(tx).where("a.id", "=", alertId).executeTakeFirst();
  return row ? toAlert(row) : undefined;
}

/**
 * Alerts of the clients the caller may see (row-level security), narrowed to
 * one consultant's caseload or to a set of clients when asked. Open first,
 * oldest raised first; then resolved since `resolvedSince`, newest first.
 */
export async function listAlerts(
  tx: Tx,
  query: { consultantId?: string | undefined; clientIds?: readonly string[]; resolvedSince?: Date },
): Promise<SafetyAlert[]> {
  if (query.clientIds && query.clientIds.length === 0) return [];
  let select = selectAlerts(tx);
  if (query.consultantId) select = select.where("c.primary_consultant_id", "=", query.consultantId);
  if (query.clientIds) select = select.where("a.client_id", "in", query.clientIds);
  const resolvedSince = query.resolvedSince;
  select = resolvedSince
    ? select.where((eb) => eb.or([eb("a.resolved_at", "is", null), eb("a.resolved_at", ">=", resolvedSince)]))
    : select.where("a.resolved_at", "is", null);
  const rows = await select
    .orderBy(sql`a.resolved_at is null`, "desc")
    .orderBy(sql`case when a.resolved_at is null then a.raised_at end`, "asc")
    .orderBy("a.resolved_at", "desc")
    .execute();
  return rows.map(toAlert);
}

/**
 * The open alerts of some clients of one practice, as their caseload rows
 * carry them, oldest raised first: only the joins an AlertRef needs (who
 * acknowledged it, an EPDS's item 10), where listAlerts joins five tables for
 * the alerts page. Row-level security still limits them to what the caller may see.
 */
export async function listOpenAlertRefs(
  tx: Tx,
  query: { practiceId: string; clientIds: readonly string[] },
): Promise<{ clientId: string; alert: AlertRef }[]> {
  if (query.clientIds.length === 0) return [];
  const rows = await selectAlertRefs(tx)
    .where("a.practice_id", "=", query.practiceId)
    .where("a.client_id", "in", query.clientIds)
    .where("a.resolved_at", "is", null)
    .orderBy("a.raised_at", "asc")
    .orderBy("a.id")
    .execute();
  return rows.map((row) => ({ clientId: row.client_id, alert: toAlertRef(row) }));
}

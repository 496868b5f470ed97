import type { Kysely } from "kysely";
import { withActor, type Actor, type Database, type Tx } from "@wave/db";
import { RECENT_ALERT_DAYS, type AlertSource, type SafetyAlert } from "@wave/shared";
import { recordAudit, type AuditedActor } from "../audit/audit.repository.js";
import { canAccessClient } from "../clients/client-access.js";
import { findClientAccessRecord } from "../clients/clients.repository.js";
import { notFound } from "../errors.js";
import { acknowledgeAlert, findAlert, listAlerts, raiseAlert } from "./alerts.repository.js";

const ALERT_NOT_FOUND = "No safety alert with that id for your clients.";
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Raises the alert a report of self-harm calls for, inside the transaction of
 * the write that carries it, and audits it. A no-op when the report already
 * has an open alert.
 */
export async function raiseSelfHarmAlert(
  tx: Tx,
  actor: AuditedActor,
  report: { clientId: string; source: AlertSource; sourceId: string; reportedAt: Date | string },
): Promise<void> {
  const raised = await raiseAlert(tx, { practiceId: actor.practiceId, ...report });
  if (raised) {
    await recordAudit(tx, actor, {
      action: "safety_alert.raise",
      entity: "client",
      entityId: report.clientId,
      details: { source: report.source, sourceId: report.sourceId },
    });
  }
}

/** A consultant's own clients' alerts, a lead's practice's: open, and with `all` those resolved in the last 30 days. */
export async function listSafetyAlerts(
  db: Kysely<Database>,
  actor: Actor,
  input: { status: "open" | "all" },
  now: Date,
): Promise<{ rows: SafetyAlert[] }> {
  return withActor(db, actor, async (tx) => {
    // Narrowed in TypeScript as well as by row-level security: either alone stops a leak.
    const rows = await listAlerts(tx, {
      consultantId: actor.role === "lead" ? undefined : actor.userId,
      ...(input.status === "all" ? { resolvedSince: new Date(now.getTime() - RECENT_ALERT_DAYS * DAY_MS) } : {}),
    });
    await recordAudit(tx, actor, {
      action: "safety_alert.list",
      entity: "client",
      details: { status: input.status, returned: rows.length, clientIds: [...new Set(rows.map((row) => row.clientId))] },
    });
    return { rows };
  });
}

/** "I have seen it": records who and when, once. It does not resolve the alert. */
export async function acknowledgeSafetyAlert(
  db: Kysely<Database>,
  actor: Actor,
  alertId: string,
  now: Date,
): Promise<SafetyAlert> {
  return withActor(db, actor, async (tx) => {
    const alert = await findAlert(tx, alertId);
    const client = alert ? await findClientAccessRecord(tx, { practiceId: actor.practiceId, clientId: alert.clientId }) : undefined;
    if (!alert || !client || !canAccessClient(actor, client)) throw notFound(ALERT_NOT_FOUND);
    if (alert.acknowledgedAt === null) {
      await acknowledgeAlert(tx, alertId, actor.userId, now);
      await recordAudit(tx, actor, {
        action: "safety_alert.acknowledge",
        entity: "client",
        entityId: alert.clientId,
        details: { alertId },
      });
    }
    const after = await findAlert(tx, alertId);
    if (!after) throw notFound(ALERT_NOT_FOUND);
    return after;
  });
}

import { z } from "zod";
import { AlertSource, type AlertSource as AlertSourceType, type FollowUpOutcome } from "./enums.js";

// Safety alerts (DOMAIN.md's safety rule): each report of thoughts of
// self-harm is a record, raised in the write that carries it and resolved only
// by a follow-up that reached the client.

/** The open alert a self_harm flag rests on, as the caseload and the client page carry it. */
export const AlertRef = z.object({
  alertId: z.uuid(),
  source: AlertSource,
  /** The episode or screening that carried the report. */
  sourceId: z.uuid(),
  /** When the report says it happened (the episode's time, the EPDS's date). */
  reportedAt: z.string(),
  /** When Wave raised the alert (the moment the report was saved). */
  raisedAt: z.string(),
  /** EPDS only: the index (0-3) of item 10's printed answer. */
  item10Answer: z.number().int().nullable(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedByName: z.string().nullable(),
});
export type AlertRef = z.infer<typeof AlertRef>;

export const SafetyAlert = AlertRef.extend({
  clientId: z.uuid(),
  displayName: z.string(),
  consultantId: z.uuid(),
  consultantName: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedByName: z.string().nullable(),
  resolvingFollowUpId: z.uuid().nullable(),
});
export type SafetyAlert = z.infer<typeof SafetyAlert>;

/** Resolved alerts stay in `status: "all"` for this long: enough for a practice's weekly review. */
export const RECENT_ALERT_DAYS = 30;

export const AlertListInput = z
  .object({
    status: z.enum(["open", "all"], { error: "Choose open or all" }).default("open"),
  })
  .default({ status: "open" });
export type AlertListInput = z.input<typeof AlertListInput>;

export const AlertAcknowledgeInput = z.object({ alertId: z.uuid({ error: "alertId must be a UUID" }) });

/** EPDS item 10 ("The thought of harming myself has occurred to me"), its answers in printed order. */
export const EPDS_ITEM_10_OPTIONS = ["Yes, quite often", "Sometimes", "Hardly ever", "Never"] as const;

/**
 * Whether a write that carries a self-harm answer raises an alert. `before`
 * is the stored answer (null for a new record). Only a change to yes raises:
 * a replay or an edit of other fields never adds a second alert, and an edit
 * back to no never clears one (only a follow-up that reached the client does).
 */
export function raisesSelfHarmAlert(before: boolean | null, after: boolean): boolean {
  return after && before !== true;
}

/** EPDS item 10 scored above 0 ("Never" is the only answer that scores 0). */
export function epdsRaisesAlert(item10Score: number): boolean {
  return item10Score > 0;
}

/** A follow-up resolves the client's open alerts only when it reached the client. */
export function followUpResolvesAlerts(outcome: FollowUpOutcome): boolean {
  return outcome === "reached";
}

/** The alert source of an episode: a client's own report or a consultant's entry. */
export function alertSourceOfEpisode(recordedBy: "consultant" | "client"): AlertSourceType {
  return recordedBy === "client" ? "self_report" : "episode";
}

/**
 * What raised the alert, in words: "EPDS item 10 (answered 'Sometimes') on
 * 1 Dec 2026", "Episode on 30 Nov 2026, 03:10". Dates are formatted by the
 * caller, in the reader's time zone.
 */
export function describeAlertSource(
  alert: Pick<AlertRef, "source" | "reportedAt" | "item10Answer">,
  format: { date: (iso: string) => string; dateTime: (iso: string) => string },
): string {
  if (alert.source === "epds") {
    const answer = alert.item10Answer === null ? undefined : EPDS_ITEM_10_OPTIONS[alert.item10Answer];
    return `EPDS item 10${answer ? ` (answered '${answer}')` : ""} on ${format.date(alert.reportedAt)}`;
  }
  const what = alert.source === "self_report" ? "Client's own report" : "Episode";
  return `${what} on ${format.dateTime(alert.reportedAt)}`;
}

import { describeAlertSource } from "@wave/shared";
import { format, parseISO } from "date-fns";
import type { AlertRef, SafetyAlert } from "./alert-types";

// Safety alerts in words, the same on the banner, the caseload, the alert
// list, the lead's tile and the staff pages. Dates are the reader's own
// (browser time zone), formatted as everywhere else in Wave.

/** "1 Dec 2026", in the reader's time zone (as the caseload's dates). */
export function formatAlertDate(iso: string): string {
  return format(parseISO(iso), "d MMM yyyy");
}

/** "1 Dec 2026, 14:05", in the reader's time zone. */
export function formatAlertTime(iso: string): string {
  return format(parseISO(iso), "d MMM yyyy, HH:mm");
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

function clients(count: number): string {
  return `${count} ${count === 1 ? "client" : "clients"}`;
}

/** The banner: "1 client needs same-day follow-up", "2 clients need same-day follow-up". */
export function needFollowUpText(count: number): string {
  return `${clients(count)} ${count === 1 ? "needs" : "need"} same-day follow-up`;
}

/** Under a caseload filter: "1 client needing same-day follow-up is not in this filter". */
export function outsideFilterText(count: number): string {
  return `${clients(count)} needing same-day follow-up ${count === 1 ? "is" : "are"} not in this filter`;
}

/** What a red row means, wherever red rows appear. */
export const URGENT_LEGEND = "Red: thoughts of self-harm reported; same-day follow-up required";

/** Clients, not alerts: one client with an episode and an EPDS alert is one person to call. */
export function distinctClientCount(alerts: readonly Pick<SafetyAlert, "clientId">[]): number {
  return new Set(alerts.map((alert) => alert.clientId)).size;
}

/** "EPDS item 10 (answered 'Sometimes') on 1 Dec 2026", "Episode on 30 Nov 2026, 03:10". */
export function alertSourceText(alert: Pick<AlertRef, "source" | "reportedAt" | "item10Answer">): string {
  return describeAlertSource(alert, { date: formatAlertDate, dateTime: formatAlertTime });
}

/** "Acknowledged by Emily Carter, 1 Dec 2026, 14:05", or that nobody has yet. */
export function acknowledgementText(alert: Pick<AlertRef, "acknowledgedAt" | "acknowledgedByName">): string {
  if (!alert.acknowledgedAt) return "Not yet acknowledged";
  return `Acknowledged by ${alert.acknowledgedByName ?? "a colleague"}, ${formatAlertTime(alert.acknowledgedAt)}`;
}

/** A span of time as a clinician says it: "45 min", "3 h 20 min", "2 d 4 h". Never negative. */
export function formatDuration(milliseconds: number): string {
  const ms = Math.max(0, milliseconds);
  if (ms < HOUR_MS) return `${Math.max(ms < MINUTE_MS ? 0 : 1, Math.floor(ms / MINUTE_MS))} min`;
  if (ms < DAY_MS) {
    const hours = Math.floor(ms / HOUR_MS);
    const minutes = Math.floor((ms % HOUR_MS) / MINUTE_MS);
    return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
  }
  const days = Math.floor(ms / DAY_MS);
  const hours = Math.floor((ms % DAY_MS) / HOUR_MS);
  return hours === 0 ? `${days} d` : `${days} d ${hours} h`;
}

/** From raised to the follow-up that resolved it. */
export function timeToFollowUp(alert: Pick<SafetyAlert, "raisedAt" | "resolvedAt">): string | null {
  if (!alert.resolvedAt) return null;
  return formatDuration(Date.parse(alert.resolvedAt) - Date.parse(alert.raisedAt));
}

/** Hours as the lead's tile reports them (median and longest open): "3 h 20 min". */
export function formatHours(hours: number): string {
  return formatDuration(hours * HOUR_MS);
}

/** Before reassigning one client who has an open alert. */
export function reassignAlertWarning(clientName: string, receiverName: string | null): string {
  return `${clientName} has an open safety alert: ${receiverName ?? "the new consultant"} will see it at once, on their caseload and banner.`;
}

/** Before deactivating a consultant whose clients carry open alerts; null when none do. */
export function deactivationAlertWarning(ownerName: string, urgentClients: number): string | null {
  if (urgentClients === 0) return null;
  const them = urgentClients === 1 ? "it" : "them";
  return `${ownerName}'s caseload includes ${clients(urgentClients)} with an open safety alert. Until you reassign ${urgentClients === 1 ? "that client" : "those clients"} below, only you see ${them}; the new consultant will see ${them} at once.`;
}

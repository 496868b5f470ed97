import { plural } from "../lib/format";
import type { StaffMember } from "./admin-types";


/** Consultants a client can be given to: active ones, by name. */
export function activeConsultants(staff: readonly StaffMember[]): StaffMember[] {
  return staff.filter((member) => member.role === "consultant" && member.deactivatedAt === null).sort((a, b) => a.name.localeCompare(b.name));
}

/** What deactivating someone does, in the words the confirmation shows. */
export function deactivationConsequences(member: StaffMember): string[] {
  const clients =
    member.activeClients === 0
      ? `${member.name} holds no active clients, so nobody needs reassigning.`
      : `${plural(member.activeClients, "active client")} will await reassignment: they stay in the caseload, marked, until you assign them to another consultant on this page.`;
  return [
    `${member.name} is signed out at once on every device, and can no longer sign in.`,
    clients,
    "Their records and the audit trail are kept. Wave cannot reactivate an account: add them again if they return.",
  ];
}

/** The confirmation after a deactivation, from the server's answer. */
export function deactivationSummary(name: string, result: { sessionsEnded: number; clientsToReassign: number }): string {
  const sessions = result.sessionsEnded === 0 ? "No one was signed in as them" : `${plural(result.sessionsEnded, "session")} ended`;
  const clients =
    result.clientsToReassign === 0
      ? "no clients need reassigning"
      : `${plural(result.clientsToReassign, "client")} now ${result.clientsToReassign === 1 ? "awaits" : "await"} reassignment`;
  return `${name} was deactivated. ${sessions}; ${clients}.`;
}

import type { AuditEntry, CaseloadRow, StaffMember } from "./admin-types";
import { type CsvTable, csvText } from "../lib/csv";

export function staffCsv(staff: readonly StaffMember[]): CsvTable {
  return {
    header: ["user_id", "name", "email", "role", "status", "deactivated_at", "active_clients"],
    rows: staff.map((member) => [
      member.id,
      csvText(member.name),
      csvText(member.email),
      member.role,
      member.deactivatedAt ? "deactivated" : "active",
      member.deactivatedAt ?? "",
      member.activeClients,
    ]),
  };
}

export function awaitingCsv(rows: readonly CaseloadRow[]): CsvTable {
  return {
    header: ["client_id", "client", "former_consultant", "last_episode_at", "next_follow_up_at", "flags"],
    rows: rows.map((row) => [
      row.clientId,
      csvText(row.displayName),
      csvText(row.consultantName),
      row.lastEpisodeAt ?? "",
      row.nextFollowUpAt ?? "",
      row.flags.join(" "),
    ]),
  };
}

/** The audit log with full ISO timestamps and the details as JSON, exactly as stored. */
export function auditCsv(entries: readonly AuditEntry[]): CsvTable {
  return {
    header: ["at", "user_id", "user", "action", "entity", "entity_id", "details"],
    rows: entries.map((entry) => [
      entry.at,
      entry.actorId ?? "",
      csvText(entry.actorName ?? ""),
      entry.action,
      entry.entity,
      entry.entityId ?? "",
      Object.keys(entry.details).length > 0 ? csvText(JSON.stringify(entry.details)) : "",
    ]),
  };
}

/** "Exported 245 entries" or, at the cap, how many were left out and what to do. */
export function auditExportNote(exported: number, total: number): string {
  if (exported >= total) return `Exported ${exported.toLocaleString("en-US")} ${exported === 1 ? "entry" : "entries"}.`;
  return `Exported the newest ${exported.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} entries (the export stops at 10,000). Narrow the dates or filters to export the rest.`;
}

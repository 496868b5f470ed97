import { describe, expect, it } from "vitest";
import { auditCsv, auditExportNote, awaitingCsv, staffCsv } from "./admin-csv";
import type { AuditEntry, CaseloadRow, StaffMember } from "./admin-types";
import { auditQuery, auditSearch, compactDetails, exportPageCount, parseAuditFilters } from "./audit-format";
import { activeConsultants, deactivationConsequences, deactivationSummary } from "./staff";
import { toCsv } from "../lib/csv";
import { formatUtcTime } from "../lib/dates";

const lines = (text: string) => text.replace(/^\uFEFF/, "").trimEnd().split("\n");
const ID = "99bb03a8-0d34-4605-828e-5048a972ee10";

const staff: StaffMember[] = [
  { id: "l1", name: "Dana Whitfield", email: "lead@bewellbaby.test", role: "lead", deactivatedAt: null, activeClients: 0 },
  { id: "c2", name: "Sam Okafor", email: "sam@bewellbaby.test", role: "consultant", deactivatedAt: null, activeClients: 35 },
  { id: "c1", name: "Emily Carter", email: "emily@bewellbaby.test", role: "consultant", deactivatedAt: null, activeClients: 1 },
  { id: "c3", name: "Old Hand", email: "old@bewellbaby.test", role: "consultant", deactivatedAt: "2026-11-20T09:30:00.000Z", activeClients: 3 },
];

describe("staff", () => {
  it("offers only active consultants for assignment, by name", () => {
    expect(activeConsultants(staff).map((member) => member.name)).toEqual(["Emily Carter", "Sam Okafor"]);
  });

  it("names the consequences of deactivating, with the number of clients", () => {
    const [sessions, clients] = deactivationConsequences(staff[1]!);
    expect(sessions).toBe("Sam Okafor is signed out at once on every device, and can no longer sign in.");
    expect(clients).toMatch(/^35 active clients will await reassignment/);
    expect(deactivationConsequences(staff[2]!)[1]).toMatch(/^1 active client will await reassignment/);
    expect(deactivationConsequences(staff[0]!)[1]).toBe("Dana Whitfield holds no active clients, so nobody needs reassigning.");
  });

  it("sums up what a deactivation did", () => {
    expect(deactivationSummary("Sam", { sessionsEnded: 2, clientsToReassign: 1 })).toBe(
      "Sam was deactivated. 2 sessions ended; 1 client now awaits reassignment.",
    );
    expect(deactivationSummary("Sam", { sessionsEnded: 1, clientsToReassign: 4 })).toBe("Sam was deactivated. 1 session ended; 4 clients now await reassignment.");
    expect(deactivationSummary("Sam", { sessionsEnded: 0, clientsToReassign: 0 })).toBe(
      "Sam was deactivated. No one was signed in as them; no clients need reassigning.",
    );
  });

  it("exports the staff list with ISO timestamps", () => {
    expect(lines(toCsv(staffCsv(staff)))).toEqual([
      "user_id,name,email,role,status,deactivated_at,active_clients",
      "l1,Dana Whitfield,lead@bewellbaby.test,lead,active,,0",
      "c2,Sam Okafor,sam@bewellbaby.test,consultant,active,,35",
      "c1,Emily Carter,emily@bewellbaby.test,consultant,active,,1",
      "c3,Old Hand,old@bewellbaby.test,consultant,deactivated,2026-11-20T09:30:00.000Z,3",
    ]);
  });

  it("exports the clients awaiting reassignment", () => {
    const row = {
      clientId: "k1",
      displayName: "Ava Brown",
      consultantName: "Old Hand",
      lastEpisodeAt: "2026-11-25T08:00:00.000Z",
      nextFollowUpAt: null,
      flags: ["self_harm", "worsening"],
    } as CaseloadRow;
    expect(lines(toCsv(awaitingCsv([row])))[1]).toBe("k1,Ava Brown,Old Hand,2026-11-25T08:00:00.000Z,,self_harm worsening");
  });
});

describe("the audit log", () => {
  const entry: AuditEntry = {
    id: "1",
    at: "2026-11-26T14:59:23.123Z",
    actorId: ID,
    actorName: "Dana Whitfield",
    action: "client.assign",
    entity: "client",
    entityId: "k1",
    details: { fromConsultantId: "c3", toConsultantId: "c1" },
  };

  it("shows details compactly, shortening long lists", () => {
    expect(compactDetails(entry.details)).toBe("fromConsultantId: c3; toConsultantId: c1");
    expect(compactDetails({ cell: "overview", clientIds: ["a", "b", "c", "d", "e"] })).toBe("cell: overview; clientIds: [a, b, c, … 5 in all]");
    expect(compactDetails({ nested: { a: 1 }, none: null, n: 2, ok: true })).toBe('nested: {"a":1}; none: —; n: 2; ok: true');
    expect(compactDetails({})).toBe("");
    expect(compactDetails({ toConsultantId: ID, fromConsultantId: "c3" }, new Map([[ID, "Emily Carter"]]))).toBe(
      "toConsultantId: Emily Carter (99bb03a8…); fromConsultantId: c3",
    );
  });

  it("shows times in UTC to the second", () => {
    expect(formatUtcTime(entry.at)).toBe("2026-11-26 14:59:23 UTC");
  });

  it("exports full ISO timestamps and details as JSON", () => {
    expect(lines(toCsv(auditCsv([entry, { ...entry, actorId: null, actorName: null, details: {} }])))).toEqual([
      "at,user_id,user,action,entity,entity_id,details",
      `2026-11-26T14:59:23.123Z,${ID},Dana Whitfield,client.assign,client,k1,"{""fromConsultantId"":""c3"",""toConsultantId"":""c1""}"`,
      "2026-11-26T14:59:23.123Z,,,client.assign,client,k1,",
    ]);
  });

  it("keeps its filters in the address", () => {
    const search = new URLSearchParams(`user=${ID}&client=nope&action=client.&from=2026-11-01&to=2026-11-26&page=3`);
    const filters = parseAuditFilters(search);
    expect(filters).toEqual({ userId: ID, clientId: "", action: "client.", from: "2026-11-01", to: "2026-11-26", page: 3 });
    expect(auditSearch(filters).toString()).toBe(`user=${ID}&action=client.&from=2026-11-01&to=2026-11-26&page=3`);
    expect(auditQuery(filters)).toEqual({ userId: ID, action: "client.", from: "2026-11-01", to: "2026-11-26" });
  });

  it("exports at most 10,000 entries, and says so", () => {
    expect(exportPageCount(0)).toBe(0);
    expect(exportPageCount(2500)).toBe(3);
    expect(exportPageCount(123_456)).toBe(10);
    expect(auditExportNote(245, 245)).toBe("Exported 245 entries.");
    expect(auditExportNote(10_000, 12_345)).toMatch(/^Exported the newest 10,000 of 12,345 entries/);
  });
});

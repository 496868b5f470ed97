import type { RouterInputs, RouterOutputs } from "../app/trpc";

export type StaffMember = RouterOutputs["users"]["list"][number];
export type CreatedStaff = RouterOutputs["users"]["create"];
export type Deactivation = RouterOutputs["users"]["deactivate"];
export type CaseloadRow = RouterOutputs["caseload"]["list"]["rows"][number];
export type AuditPage = RouterOutputs["audit"]["list"];
export type AuditEntry = AuditPage["rows"][number];
export type AuditListInput = RouterInputs["audit"]["list"];

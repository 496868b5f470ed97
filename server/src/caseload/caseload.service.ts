import type { Kysely } from "kysely";
import { withActor, type Actor, type Database } from "@wave/db";
import type { CaseloadListQuery, CaseloadRow } from "@wave/shared";
import { recordAudit } from "../audit/audit.repository.js";
import { matchesFilters, sortCaseload } from "./caseload-query.js";
import { listClientSummaryFacts } from "./caseload.repository.js";
import { toCaseloadRow } from "./caseload-row.js";

export interface CaseloadPage {
  rows: CaseloadRow[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * A consultant's own clients, or a lead's whole practice, ranked and paged.
 * Flags, bands and trends come from the shared rules in TypeScript, so the
 * caseload and the client page can never disagree about a client.
 */
export async function listCaseload(
  db: Kysely<Database>,
  actor: Actor,
  input: CaseloadListQuery,
  now: Date,
): Promise<CaseloadPage> {
  const { filters, sort, page, pageSize } = input;
  // A consultant's caseload is theirs alone, whatever filter they send.
  const consultantId = actor.role === "lead" ? filters.consultantId : actor.userId;
  return withActor(db, actor, async (tx) => {
    const facts = await listClientSummaryFacts(tx, {
      now,
      ...(consultantId ? { consultantId } : {}),
      ...(input.search ? { search: input.search } : {}),
      ...(filters.includeDischarged ? { includeDischarged: true } : {}),
    });
    const matching = facts.map((fact) => toCaseloadRow(fact, now)).filter((row) => matchesFilters(row, filters, now));
    const sorted = sortCaseload(matching, sort.field, sort.desc);
    const rows = sorted.slice((page - 1) * pageSize, page * pageSize);
    await recordAudit(tx, actor, {
      action: "caseload.list",
      entity: "client",
      details: { returned: rows.length, total: sorted.length, clientIds: rows.map((row) => row.clientId) },
    });
    return { rows, total: sorted.length, page, pageSize };
  });
}

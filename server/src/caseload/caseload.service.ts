import type { Kysely } from "kysely";
import { withActor, type Actor, type Database } from "@wave/db";
import { compareByAttention, type CaseloadListQuery, type CaseloadRow } from "@wave/shared";
import { recordAudit } from "../audit/audit.repository.js";
import { matchesFilters, sortCaseload } from "./caseload-query.js";
import { listClientSummaryFacts } from "./caseload.repository.js";
import { toCaseloadRow } from "./caseload-row.js";

export interface CaseloadPage {
  /** Every client the caller may see with an open safety alert, whatever the search, filters, sort and page. */
  pinned: CaseloadRow[];
  /** How many pinned clients the search and filters would otherwise leave out. */
  pinnedOutsideFilter: number;
  /** The page as sorted and filtered; urgent clients that match appear here too, in their sorted place. */
  rows: CaseloadRow[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * A consultant's own clients, or a lead's whole practice, ranked and paged,
 * with every client who has an open safety alert pinned above whatever the
 * page shows (DOMAIN.md's safety rule: "every caseload view"). Flags, bands
 * and trends come from the shared rules in TypeScript, so the caseload and the
 * client page can never disagree about a client.
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
    // Not narrowed by a lead's consultant filter either: the lead may see them, so they stay in sight.
    const urgentFacts = await listClientSummaryFacts(tx, {
      now,
      ...(actor.role === "lead" ? {} : { consultantId: actor.userId }),
      onlyWithOpenAlerts: true,
    });
    const pinned = urgentFacts.map((fact) => toCaseloadRow(fact, now)).sort(compareByAttention);
    const matchingIds = new Set(matching.map((row) => row.clientId));
    const pinnedOutsideFilter = pinned.filter((row) => !matchingIds.has(row.clientId)).length;
    const shownIds = [...new Set([...pinned, ...rows].map((row) => row.clientId))];
    await recordAudit(tx, actor, {
      action: "caseload.list",
      entity: "client",
      details: { returned: shownIds.length, total: sorted.length, clientIds: shownIds },
    });
    return { pinned, pinnedOutsideFilter, rows, total: sorted.length, page, pageSize };
  });
}

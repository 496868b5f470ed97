import type { Kysely } from "kysely";
import { withActor, type Actor, type Database } from "@wave/db";
import type { CaseloadListQuery, CaseloadRow } from "@wave/shared";
import { recordAudit } from "../audit/audit.repository.js";
import { listCaseloadFactsPage, listClientSummaryFacts } from "./caseload.repository.js";
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
 * A consultant's own clients, or a lead's whole practice, ranked and paged
 * in the database over the client summaries, with every client who has an
 * open safety alert pinned above whatever the page shows (DOMAIN.md's safety
 * rule: "every caseload view"). Each row's flags, band and trend come from
 * the shared rules in TypeScript, so the caseload and the client page can
 * never disagree about a client.
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
    // Not narrowed by a lead's consultant filter either: the lead may see them, so they stay in sight.
    const urgentFacts = await listClientSummaryFacts(tx, {
      practiceId: actor.practiceId,
      now,
      ...(actor.role === "lead" ? {} : { consultantId: actor.userId }),
      onlyWithOpenAlerts: true,
    });
    // The page's clients with open alerts are mostly the pinned ones: their alerts are not read twice.
    const knownAlerts = new Map(urgentFacts.map((fact) => [fact.clientId, fact.openAlerts]));
    const matching = await listCaseloadFactsPage(
      tx,
      {
        practiceId: actor.practiceId,
        now,
        consultantId,
        search: input.search,
        includeDischarged: filters.includeDischarged,
        filters,
        sort,
        page,
        pageSize,
      },
      knownAlerts,
    );
    const rows = matching.facts.map((fact) => toCaseloadRow(fact, now));
    const pinned = urgentFacts.map((fact) => toCaseloadRow(fact, now));
    const pinnedOutsideFilter = pinned.length - matching.totalWithOpenAlerts;
    const shownIds = [...new Set([...pinned, ...rows].map((row) => row.clientId))];
    await recordAudit(tx, actor, {
      action: "caseload.list",
      entity: "client",
      details: { returned: shownIds.length, total: matching.total, clientIds: shownIds },
    });
    return { pinned, pinnedOutsideFilter, rows, total: matching.total, page, pageSize };
  });
}

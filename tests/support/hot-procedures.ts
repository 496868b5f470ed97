import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "@wave/db";
import type { Caller } from "@wave/server/testing";
import { anonymousCaller, episodeFields, isoDateDaysAgo } from "@wave/server/testing";

/** Who calls a hot procedure, and on whose record. */
export interface HotProcedureFixture {
  consultant: Caller;
  lead: Caller;
  /** One of the consultant's clients. */
  clientId: string;
  /** The client's phone: no session, only the token of a live self-report link of that client. */
  linkHolder: Caller;
  linkToken: string;
}

/**
 * The link holder of a hot-procedure fixture: a live link of `clientId`,
 * created by the consultant through selfReport.createLink as the client page
 * creates it, its token taken from the URL's fragment as the phone takes it.
 */
export async function linkHolderOf(db: Kysely<Database>, consultant: Caller, clientId: string): Promise<Pick<HotProcedureFixture, "linkHolder" | "linkToken">> {
  const { url } = await consultant.selfReport.createLink({ clientId, expiresInDays: 7 });
  const linkToken = new URL(url).hash.slice(1);
  if (!linkToken) throw new Error("selfReport.createLink answered a URL without a token");
  return { linkHolder: anonymousCaller(db), linkToken };
}

export interface HotProcedure {
  /** How failures name it: the path, and the caller when it matters. */
  name: string;
  call(fixture: HotProcedureFixture): Promise<unknown>;
}

const lastYear = () => ({ from: isoDateDaysAgo(364), to: isoDateDaysAgo(0) });

/**
 * The procedures a practice runs all day (issue 12's table), called as the
 * benchmark calls them: one list, so every test that checks their SQL
 * (tests/integration/citus-readiness.int.test.ts) checks the same calls, and
 * a rewritten query is checked the day it lands.
 */
export const HOT_PROCEDURES: readonly HotProcedure[] = [
  { name: "caseload.list (consultant)", call: ({ consultant }) => consultant.caseload.list({}) },
  { name: "caseload.list (lead, first page of 50)", call: ({ lead }) => lead.caseload.list({ page: 1, pageSize: 50 }) },
  { name: "clients.byId", call: ({ consultant, clientId }) => consultant.clients.byId({ clientId }) },
  { name: "analytics.clientTrend", call: ({ consultant, clientId }) => consultant.analytics.clientTrend({ clientId, bucket: "week" }) },
  { name: "analytics.practiceOverview (52 weeks)", call: ({ lead }) => lead.analytics.practiceOverview(lastYear()) },
  { name: "analytics.interventionEffectiveness (52 weeks)", call: ({ lead }) => lead.analytics.interventionEffectiveness(lastYear()) },
  { name: "analytics.consultantWorkload", call: ({ lead }) => lead.analytics.consultantWorkload() },
  {
    name: "episodes.create",
    call: ({ consultant, clientId }) => consultant.episodes.create({ id: randomUUID(), clientId, ...episodeFields() }),
  },
  // The client's phone: what its page loads, then a report sent through the link.
  { name: "selfReport.status", call: ({ linkHolder, linkToken }) => linkHolder.selfReport.status({ token: linkToken }) },
  {
    name: "selfReport.submit",
    call: ({ linkHolder, linkToken }) =>
      linkHolder.selfReport.submit({
        token: linkToken,
        episode: { id: randomUUID(), occurredAt: new Date(Date.now() - 60_000).toISOString(), intensity: 4, selfHarmThoughts: false },
      }),
  },
];

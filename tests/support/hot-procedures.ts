import { randomUUID } from "node:crypto";
import type { Caller } from "@wave/server/testing";
import { episodeFields, isoDateDaysAgo } from "@wave/server/testing";

/** Who calls a hot procedure, and on whose record. */
export interface HotProcedureFixture {
  consultant: Caller;
  lead: Caller;
  /** One of the consultant's clients. */
  clientId: string;
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
];

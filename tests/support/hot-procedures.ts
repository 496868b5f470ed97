import type { Caller } from "@wave/server/testing";

// The procedures whose plans must stay cheap at practice size (issue 12):
// one list, so that tests/integration/query-plans.int.test.ts checks every
// statement each of them runs, whoever rewrites their queries.

export interface HotProcedureCallers {
  consultant: Caller;
  lead: Caller;
  /** A client of `consultant`. */
  clientId: string;
  /** The last 52 weeks, as the lead's dashboard asks for them. */
  year: { from: string; to: string };
}

export const HOT_PROCEDURES: Record<string, (callers: HotProcedureCallers) => Promise<unknown>> = {
  "caseload.list (consultant)": ({ consultant }) => consultant.caseload.list({}),
  "caseload.list (lead, page 1 of 50)": ({ lead }) => lead.caseload.list({ page: 1, pageSize: 50 }),
  "clients.byId": ({ consultant, clientId }) => consultant.clients.byId({ clientId }),
  "analytics.clientTrend": ({ consultant, clientId }) => consultant.analytics.clientTrend({ clientId, bucket: "episode" }),
  "analytics.practiceOverview (52 weeks)": ({ lead, year }) => lead.analytics.practiceOverview(year),
  "analytics.interventionEffectiveness (52 weeks)": ({ lead, year }) => lead.analytics.interventionEffectiveness(year),
  "analytics.consultantWorkload": ({ lead }) => lead.analytics.consultantWorkload(),
};

/** The 52 weeks up to today, as calendar dates. */
export function lastYear(now = new Date()): { from: string; to: string } {
  const day = 24 * 60 * 60 * 1000;
  return {
    from: new Date(now.getTime() - 364 * day).toISOString().slice(0, 10),
    to: now.toISOString().slice(0, 10),
  };
}

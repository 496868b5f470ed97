import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "../app/trpc";
import type { StaffMember } from "./practice-types";
import type { PracticeParams } from "./range";

/** The practice's consultants (deactivated ones marked), for the filter and for naming the chosen one. */
export function useConsultantList(): StaffMember[] | null {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.users.list.queryOptions(), staleTime: 60_000 });
  return useMemo(() => query.data?.filter((member) => member.role === "consultant") ?? null, [query.data]);
}

/** The four aggregates behind the dashboard and the report; the previous numbers stay on screen while a new range loads. */
export function usePracticeQueries(params: PracticeParams) {
  const trpc = useTRPC();
  const range = { from: params.from, to: params.to, ...(params.consultantId ? { consultantId: params.consultantId } : {}) };
  const keep = { placeholderData: keepPreviousData };
  return {
    overview: useQuery(trpc.analytics.practiceOverview.queryOptions(range, keep)),
    effectiveness: useQuery(trpc.analytics.interventionEffectiveness.queryOptions(range, keep)),
    course: useQuery(
      trpc.analytics.courseByPostpartumWeek.queryOptions(params.consultantId ? { consultantId: params.consultantId } : {}, keep),
    ),
    workload: useQuery(trpc.analytics.consultantWorkload.queryOptions(undefined, keep)),
  };
}

/** The consultant the view is scoped to (if any), and how the page and the report name that scope. */
export function useChosenConsultant(consultantId: string | null) {
  const consultants = useConsultantList();
  const consultant = consultants?.find((member) => member.id === consultantId) ?? null;
  return {
    consultants,
    consultant,
    scope: consultantId ? `${consultant?.name ?? "one consultant"}'s clients` : "all consultants",
    /** For the report CSV's consultant column: null means every consultant. */
    reportName: consultantId ? (consultant?.name ?? consultantId) : null,
  };
}

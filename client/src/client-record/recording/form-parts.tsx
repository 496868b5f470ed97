import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTRPC } from "../../app/trpc";

export type AffectedData =
  | "clients"
  | "caseload"
  | "episodes"
  | "interventions"
  | "screenings"
  | "followUps"
  | "notes"
  | "analytics"
  | "alerts";

/** After a save: refetch what shows the changed data (the review page, the caseload, the charts). */
export function useInvalidate() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    (affected: readonly AffectedData[]) => {
      const filters = {
        clients: trpc.clients.pathFilter(),
        caseload: trpc.caseload.pathFilter(),
        episodes: trpc.episodes.pathFilter(),
        interventions: trpc.interventions.pathFilter(),
        screenings: trpc.screenings.pathFilter(),
        followUps: trpc.followUps.pathFilter(),
        notes: trpc.notes.pathFilter(),
        analytics: trpc.analytics.pathFilter(),
        alerts: trpc.alerts.pathFilter(),
      };
      return Promise.all(affected.map((name) => queryClient.invalidateQueries(filters[name])));
    },
    [trpc, queryClient],
  );
}

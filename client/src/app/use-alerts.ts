import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "./trpc";

/**
 * Live updates invalidate `alerts.*` the moment a write lands; this interval
 * is only the backstop for a dropped event stream, so a missed alert still
 * surfaces within half a minute.
 */
export const ALERTS_REFETCH_MS = 30_000;

/** Unresolved alerts of every client the signed-in user may see (the banner, the lead's tile, staff warnings). */
export function useOpenAlerts({ enabled = true }: { enabled?: boolean } = {}) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.alerts.list.queryOptions({ status: "open" }),
    enabled,
    refetchInterval: ALERTS_REFETCH_MS,
  });
}

/** Open alerts and those resolved in the last 30 days: the alert list page. */
export function useRecentAlerts() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.alerts.list.queryOptions({ status: "all" }), refetchInterval: ALERTS_REFETCH_MS });
}

/** alerts.acknowledge, refreshing every view that shows whether an alert was seen. */
export function useAcknowledgeAlert() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.alerts.acknowledge.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries(trpc.alerts.pathFilter()),
          queryClient.invalidateQueries(trpc.caseload.pathFilter()),
          queryClient.invalidateQueries(trpc.clients.pathFilter()),
          queryClient.invalidateQueries(trpc.analytics.pathFilter()),
        ]),
    }),
  );
}

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../app/trpc";

/** The practice's staff with their active clients (users.list). */
export function useStaff() {
  const trpc = useTRPC();
  return useQuery(trpc.users.list.queryOptions());
}

/**
 * After anything that moves clients or changes staff: the staff list, every
 * caseload view (including "awaiting reassignment") and the lead's numbers.
 */
export function useRefreshPractice() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.users.pathFilter()),
      queryClient.invalidateQueries(trpc.caseload.pathFilter()),
      queryClient.invalidateQueries(trpc.analytics.pathFilter()),
      queryClient.invalidateQueries(trpc.audit.pathFilter()),
    ]);
}

/** clients.assign, refreshing everything that shows who holds a client. */
export function useAssignClient() {
  const trpc = useTRPC();
  const refresh = useRefreshPractice();
  return useMutation(trpc.clients.assign.mutationOptions({ onSuccess: () => refresh() }));
}

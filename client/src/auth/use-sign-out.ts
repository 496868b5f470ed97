import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router-dom";
import { useTRPC } from "../app/trpc";

/**
 * Ends the session server-side, then leaves for sign-in and drops every
 * cached answer so nothing of this user's caseload stays in memory. Even if
 * the server call fails (already expired), the user ends up signed out here.
 */
export function useSignOut() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation(
    trpc.auth.logout.mutationOptions({
      meta: { ownsUnauthorized: true },
      onSettled: async () => {
        await navigate("/sign-in", { replace: true });
        queryClient.clear();
      },
    }),
  );
}

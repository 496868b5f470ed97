import { QueryClientProvider } from "@tanstack/react-query";
import { createBrowserRouter, RouterProvider } from "react-router-dom";
import type { SignInState } from "../auth/sign-in-page";
import { createQueryClient } from "./query-client";
import { routes } from "./routes";
import { createApiClient, TRPCProvider } from "./trpc";

const router = createBrowserRouter(routes);

/**
 * A call answered UNAUTHORIZED: the session ended under the user. Leave for
 * sign-in first (so no page refetches), then drop everything cached.
 */
function handleSessionExpired(): void {
  const { pathname, search } = router.state.location;
  if (pathname === "/sign-in") return;
  const state: SignInState = { from: `${pathname}${search}`, expired: true };
  void router.navigate("/sign-in", { replace: true, state }).then(() => queryClient.clear());
}

const queryClient = createQueryClient(handleSessionExpired);
const apiClient = createApiClient();

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={apiClient} queryClient={queryClient}>
        <RouterProvider router={router} />
      </TRPCProvider>
    </QueryClientProvider>
  );
}

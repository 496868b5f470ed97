import { createTRPCClient, httpBatchLink, type TRPCClientError } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { AppRouter } from "@wave/server/router";
import { errorCodeOf } from "../lib/server-error";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

/** Same-origin API; the session travels in an HttpOnly cookie, dates as ISO strings. */
export function createApiClient() {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: "/trpc",
        // The server refuses batches of more than 10 calls (server/src/http/request-limits.ts).
        maxItems: 10,
        fetch: (url, options) => fetch(url, { ...options, credentials: "same-origin" }),
      }),
    ],
  });
}

export type ApiError = TRPCClientError<AppRouter>;
export type ApiErrorCode = NonNullable<ApiError["data"]>["code"];


export function isUnauthorized(error: unknown): boolean {
  return errorCodeOf(error) === "UNAUTHORIZED";
}

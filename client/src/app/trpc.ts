import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { AppRouter } from "@wave/server/router";

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

/** The tRPC error code of a failed call, or null for anything else (offline, a bug). */
export function errorCodeOf(error: unknown): ApiErrorCode | null {
  return error instanceof TRPCClientError ? ((error as ApiError).data?.code ?? null) : null;
}

export function isUnauthorized(error: unknown): boolean {
  return errorCodeOf(error) === "UNAUTHORIZED";
}

/** Per-field messages from a BAD_REQUEST, keyed by input path ("email", "sort.field"). */
export function fieldErrorsOf(error: unknown): Record<string, string[]> {
  if (!(error instanceof TRPCClientError)) return {};
  return (error as ApiError).data?.fieldErrors ?? {};
}

/** A message fit to show: the server's own wording for known errors, a plain one for network failures. */
export function messageOf(error: unknown): string {
  if (error instanceof TRPCClientError) {
    if (errorCodeOf(error) === null) {
      return "Wave could not reach the server. Check your connection, then try again.";
    }
    return error.message;
  }
  return "Something went wrong. Please try again.";
}

import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { isUnauthorized } from "./trpc";
import { errorCodeOf } from "../lib/server-error";

interface ApiCallMeta extends Record<string, unknown> {
  /**
   * The caller handles UNAUTHORIZED itself: a wrong password at sign-in, or
   * auth.me, whose UNAUTHORIZED simply means "signed out".
   */
  ownsUnauthorized?: boolean;
}

declare module "@tanstack/react-query" {
  interface Register {
    queryMeta: ApiCallMeta;
    mutationMeta: ApiCallMeta;
  }
}

// Retrying cannot fix these: the answer will be the same.
const FINAL_CODES = new Set(["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "BAD_REQUEST", "CONFLICT", "TOO_MANY_REQUESTS"]);

/**
 * One cache for the app. Any UNAUTHORIZED answer means the session is gone
 * (expired, revoked, signed out elsewhere): `onSessionExpired` takes the user
 * to sign-in.
 */
export function createQueryClient(onSessionExpired: () => void): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isUnauthorized(error) && !query.meta?.ownsUnauthorized) onSessionExpired();
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (isUnauthorized(error) && !mutation.meta?.ownsUnauthorized) onSessionExpired();
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: true,
        retry: (failureCount, error) => {
          const code = errorCodeOf(error);
          return (code === null || !FINAL_CODES.has(code)) && failureCount < 2;
        },
      },
    },
  });
}

import { useQuery } from "@tanstack/react-query";
import { isUnauthorized, useTRPC, type RouterOutputs } from "../app/trpc";

export type Me = RouterOutputs["auth"]["me"];

export type MeState =
  | { status: "loading" }
  | { status: "signed-in"; me: Me }
  | { status: "signed-out" }
  | { status: "error"; error: unknown; retry: () => void };

/** Who is signed in. auth.me answering UNAUTHORIZED is the normal "signed out", not an error. */
export function useMe(): MeState {
  const trpc = useTRPC();
  const query = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 5 * 60_000, meta: { ownsUnauthorized: true } }));
  // A refetch that finds the session gone wins over the user cached before it.
  if (query.error && isUnauthorized(query.error)) return { status: "signed-out" };
  if (query.data) return { status: "signed-in", me: query.data };
  if (query.error) return { status: "error", error: query.error, retry: () => void query.refetch() };
  return { status: "loading" };
}

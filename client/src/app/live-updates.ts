import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useEffect } from "react";
import { LiveChange } from "@wave/shared";
import { useMe } from "../auth/use-me";
import { useTRPC } from "./trpc";

// Open screens follow other people's writes (docs/decisions/0014-live-updates.md).
// The server's event stream says only which kind of record changed for which
// client; the screens refetch through the API, which decides what each user sees.

/** Changes arriving this close together cost one round of refetches. */
const COALESCE_MS = 200;
const RETRY_FIRST_MS = 2_000;
const RETRY_MAX_MS = 60_000;
/**
 * Over HTTP/1.1 a browser keeps at most six connections to a host, and each
 * open stream holds one: a tab hidden this long lets its stream go and
 * catches up when shown again.
 */
const HIDDEN_GRACE_MS = 15_000;

type Path = readonly string[];

function pathOf(queryKey: QueryKey): Path | null {
  const [path] = queryKey;
  return Array.isArray(path) && path.every((part) => typeof part === "string") ? path : null;
}

function startsWith(path: Path, prefix: Path): boolean {
  return prefix.every((part, index) => path[index] === part);
}

function clientIdOf(queryKey: QueryKey): unknown {
  const options: unknown = queryKey[1];
  if (typeof options !== "object" || options === null || !("input" in options)) return undefined;
  const input: unknown = options.input;
  return typeof input === "object" && input !== null && "clientId" in input ? input.clientId : undefined;
}

/**
 * Whether a change to these clients can alter what a query shows: every list
 * and aggregate (`everyChange` paths: caseloads, alerts, the lead's dashboard,
 * staff workload) and anything asked about one of the clients.
 */
export function isTouchedByChange(queryKey: QueryKey, clientIds: ReadonlySet<string>, everyChange: readonly Path[]): boolean {
  const path = pathOf(queryKey);
  if (!path) return false;
  if (everyChange.some((prefix) => startsWith(path, prefix))) return true;
  const clientId = clientIdOf(queryKey);
  return typeof clientId === "string" && clientIds.has(clientId);
}

/**
 * One EventSource on /events while someone is signed in (and past any
 * temporary password). A `change` invalidates the queries it touches; a
 * `resync`, or the stream coming back after a break, invalidates everything,
 * since changes may have been missed meanwhile.
 */
export function useLiveUpdates(): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const meState = useMe();
  const userId = meState.status === "signed-in" && !meState.me.mustChangePassword ? meState.me.id : null;

  useEffect(() => {
    if (!userId) return;
    const everyChange: Path[] = [
      trpc.caseload.list.pathKey()[0],
      trpc.alerts.pathKey()[0],
      trpc.analytics.pathKey()[0],
      trpc.users.list.pathKey()[0],
    ];
    let source: EventSource | null = null;
    let pendingClients = new Set<string>();
    let pendingEverything = false;
    let missedSome = false;
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let hiddenTimer: ReturnType<typeof setTimeout> | undefined;
    let retryDelay = RETRY_FIRST_MS;

    const flush = () => {
      flushTimer = undefined;
      const clientIds = pendingClients;
      const everything = pendingEverything;
      pendingClients = new Set();
      pendingEverything = false;
      if (everything) void queryClient.invalidateQueries();
      else void queryClient.invalidateQueries({ predicate: (query) => isTouchedByChange(query.queryKey, clientIds, everyChange) });
    };
    const schedule = () => {
      flushTimer ??= setTimeout(flush, COALESCE_MS);
    };
    const refetchEverything = () => {
      pendingEverything = true;
      schedule();
    };

    const connect = () => {
      retryTimer = undefined;
      const stream = new EventSource("/events");
      source = stream;
      stream.addEventListener("open", () => {
        retryDelay = RETRY_FIRST_MS;
        if (missedSome) {
          missedSome = false;
          refetchEverything();
        }
      });
      stream.addEventListener("change", (event: MessageEvent<string>) => {
        let data: unknown;
        try {
          data = JSON.parse(event.data);
        } catch {
          return;
        }
        const change = LiveChange.safeParse(data);
        if (!change.success) return;
        pendingClients.add(change.data.clientId);
        schedule();
      });
      stream.addEventListener("resync", refetchEverything);
      stream.addEventListener("error", () => {
        missedSome = true;
        // While CONNECTING the browser retries by itself. CLOSED means it gave up
        // (the server refused, e.g. the session ended): refetching tells the app
        // whether the user is still signed in, and a new stream is tried later.
        if (stream.readyState !== EventSource.CLOSED) return;
        stream.close();
        source = null;
        refetchEverything();
        retryTimer = setTimeout(connect, retryDelay);
        retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
      });
    };
    const disconnect = () => {
      source?.close();
      source = null;
      clearTimeout(retryTimer);
      retryTimer = undefined;
    };

    const onVisibilityChange = () => {
      clearTimeout(hiddenTimer);
      if (document.visibilityState === "hidden") {
        hiddenTimer = setTimeout(() => {
          disconnect();
          missedSome = true;
        }, HIDDEN_GRACE_MS);
      } else if (!source && retryTimer === undefined) {
        connect();
      }
    };
    document.addEventListener("visibilitychange", onVisibilityChange);
    connect();

    return () => {
      document.removeEventListener("visibilitychange", onVisibilityChange);
      disconnect();
      clearTimeout(flushTimer);
      clearTimeout(hiddenTimer);
    };
  }, [userId, trpc, queryClient]);
}

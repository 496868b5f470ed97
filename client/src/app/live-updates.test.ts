import { QueryClient } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { describe, expect, it } from "vitest";
import type { AppRouter } from "@wave/server/router";
import { isTouchedByChange } from "./live-updates";
import { createApiClient } from "./trpc";

// Real tRPC query keys, built the way the screens build them (no request is made).
const trpc = createTRPCOptionsProxy<AppRouter>({ client: createApiClient(), queryClient: new QueryClient() });
const CHANGED = "6f1c7d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f";
const UNCHANGED = "0d9e8f7a-6b5c-4d3e-9f1a-2b3c4d5e6f70";
const everyChange = [
  trpc.caseload.list.pathKey()[0],
  trpc.alerts.pathKey()[0],
  trpc.analytics.pathKey()[0],
  trpc.users.list.pathKey()[0],
];
const touched = (key: readonly unknown[]) => isTouchedByChange(key, new Set([CHANGED]), everyChange);

describe("which queries a live change refreshes", () => {
  it("every caseload, alert list, dashboard figure and staff list, whatever its input", () => {
    expect(touched(trpc.caseload.list.queryKey({ page: 3 }))).toBe(true);
    expect(touched(trpc.alerts.list.queryKey({ status: "all" }))).toBe(true);
    expect(touched(trpc.analytics.practiceOverview.queryKey())).toBe(true);
    expect(touched(trpc.users.list.queryKey())).toBe(true);
  });

  it("anything asked about the changed client, and nothing about another", () => {
    expect(touched(trpc.clients.byId.queryKey({ clientId: CHANGED }))).toBe(true);
    expect(touched(trpc.episodes.list.queryKey({ clientId: CHANGED }))).toBe(true);
    expect(touched(trpc.clients.byId.queryKey({ clientId: UNCHANGED }))).toBe(false);
    expect(touched(trpc.notes.list.queryKey({ clientId: UNCHANGED }))).toBe(false);
  });

  it("leaves alone what no client record changes", () => {
    expect(touched(trpc.auth.me.queryKey())).toBe(false);
    expect(touched(trpc.audit.list.queryKey({}))).toBe(false);
    expect(touched(["not", "a", "trpc", "key"])).toBe(false);
  });
});

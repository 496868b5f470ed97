import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startNodeServer, type AppServer } from "./app-server.js";
import type { Endpoint } from "./endpoints.js";
import type { CapturedCall } from "./floor.js";
import type { StackReplay } from "./stack-floor-app.js";

/** tRPC's answer to a GET: one `{ result: { data } }`, or an array of them for a batch (`?batch=1`). */
type TrpcBody = { result?: { data?: unknown } } | { result?: { data?: unknown } }[];

/** The procedure paths a tRPC path names: "/trpc/a.b,c.d?batch=1&..." -> ["a.b", "c.d"]. */
export function proceduresOf(endpointPath: string): string[] {
  const pathname = endpointPath.split("?")[0] ?? "";
  return pathname.slice(pathname.lastIndexOf("/") + 1).split(",");
}

/** Each procedure's data in a tRPC answer, by procedure path; an error answer is refused, never replayed. */
export function answersOf(endpointPath: string, body: TrpcBody): Record<string, unknown> {
  const procedures = proceduresOf(endpointPath);
  const items = Array.isArray(body) ? body : [body];
  if (items.length !== procedures.length) throw new Error(`${endpointPath} answered ${items.length} results for ${procedures.length} procedures`);
  return Object.fromEntries(
    procedures.map((procedure, index) => {
      const data = items[index]?.result?.data;
      if (data === undefined) throw new Error(`${procedure} answered no data: the stack floor would replay an error`);
      return [procedure, data];
    }),
  );
}

/** One endpoint's replay: the statements its request ran and the answer the real server gave, fetched over HTTP. */
export async function replayOf(endpoint: Endpoint, captured: CapturedCall, baseUrl: string, headers: Record<string, string>): Promise<StackReplay> {
  const response = await fetch(`${baseUrl}${endpoint.path}`, { headers });
  if (!response.ok) throw new Error(`${endpoint.name} answered ${response.status}`);
  return { path: endpoint.path, statements: captured.statements, answers: answersOf(endpoint.path, (await response.json()) as TrpcBody) };
}

const SERVER_ENTRY = fileURLToPath(new URL("./stack-floor-server.ts", import.meta.url));

/** Starts the stack floor (stack-floor-server.ts) in a process of its own, from source through tsx, on the bench database. */
export async function startStackFloor(databaseUrl: string, replays: readonly StackReplay[]): Promise<AppServer> {
  const folder = mkdtempSync(path.join(os.tmpdir(), "wave-stack-floor-"));
  const file = path.join(folder, "replays.json");
  writeFileSync(file, JSON.stringify(replays));
  try {
    const server = await startNodeServer(["--import", import.meta.resolve("tsx"), SERVER_ENTRY], { DATABASE_URL: databaseUrl, STACK_FLOOR_REPLAYS: file });
    return {
      baseUrl: server.baseUrl,
      stop: async () => {
        await server.stop();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}

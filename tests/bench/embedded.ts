import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEMO_PASSWORD, DEMO_SIGN_INS } from "@wave/db/seed";
import { startAppServer } from "./app-server.js";
import { batchPath, queryPath } from "./endpoints.js";
import { signInOverHttp } from "./http-session.js";
import { measureHttp, type RunResult } from "./load.js";
import { firstClientId } from "./trpc-http.js";

export interface EmbeddedEndpointResult {
  name: string;
  c1: RunResult;
}

/**
 * The demo on embedded Postgres, as `pnpm start` runs it with no
 * DATABASE_URL: the server seeds the demo into an empty data directory (a
 * temporary one here, removed after). c=1 only: embedded Postgres is one
 * connection, for one practice on one laptop.
 */
export async function benchEmbedded(options: { seconds: number; warmupSeconds: number }): Promise<EmbeddedEndpointResult[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "wave-bench-embedded-"));
  try {
    const server = await startAppServer({ DATA_DIR: dataDir });
    try {
      const consultant = DEMO_SIGN_INS.find((signIn) => signIn.role === "consultant");
      if (!consultant) throw new Error("the demo has no consultant sign-in");
      const cookie = await signInOverHttp(server.baseUrl, consultant.email, DEMO_PASSWORD);
      const clientId = await firstClientId(server.baseUrl, cookie);
      const trendInput = { clientId, bucket: "episode" };
      const endpoints = [
        { name: "caseload.list consultant", path: queryPath("caseload.list") },
        {
          name: "client review (batch)",
          path: batchPath([
            { procedure: "clients.byId", input: { clientId } },
            { procedure: "analytics.clientTrend", input: trendInput },
          ]),
        },
      ];
      const results: EmbeddedEndpointResult[] = [];
      for (const endpoint of endpoints) {
        const c1 = await measureHttp({
          url: `${server.baseUrl}${endpoint.path}`,
          headers: requestHeaders(cookie),
          connections: 1,
          seconds: options.seconds,
          warmupSeconds: options.warmupSeconds,
        });
        results.push({ name: endpoint.name, c1 });
      }
      return results;
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** What a browser's API request carries: the session cookie, and compression accepted (the server compresses). */
export function requestHeaders(cookie: string): Record<string, string> {
  return { cookie, "accept-encoding": "gzip, deflate, br" };
}

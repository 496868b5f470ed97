import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { REPO_ROOT } from "@wave/db";
import { DEMO_PASSWORD } from "@wave/db/seed";
import { startAppServer, type AppServer } from "./app-server.js";
import { buildIfStale } from "./build.js";
import { measureClientWeight } from "./client-weight.js";
import { EMBEDDED_P95_TARGET_MS, OVERHEAD_TARGET, readSettings, SEED_TARGET_SECONDS, TARGET_SIZE } from "./config.js";
import { ensureDataset, serverVersion } from "./dataset.js";
import { benchEmbedded, requestHeaders } from "./embedded.js";
import { benchEndpoints, type Persona } from "./endpoints.js";
import { openFloorRunner, openStatementCapture } from "./floor.js";
import { signInOverHttp, tokenOf } from "./http-session.js";
import { measureCaseloadLcp } from "./lcp.js";
import { measureHttp, type RunResult } from "./load.js";
import { waitUntilDatabaseIdle } from "./quiet.js";
import { measureSideBySide } from "./side-by-side.js";
import { replayOf, startStackFloor } from "./stack-floor.js";
import { formatEndpointTable, formatSimpleTable, missedParts, overheadOf, type EndpointResult } from "./report.js";
import { firstClientId } from "./trpc-http.js";

/**
 * `pnpm bench` (docs/decisions/0029): the issue-12 dataset on a Postgres
 * server, each endpoint over HTTP against the built server at c=1 and c=16,
 * the floor (the same statements straight through the driver), the stack
 * floor at c=1 (the same statements and answer through Express, tRPC and
 * Kysely with none of Wave's code, docs/decisions/0038), the client's
 * initial weight, the caseload's LCP, and the demo on embedded Postgres.
 * Prints a table and writes bench-results.json. Exits 0 whether or not the
 * targets are met (it reports them); non-zero only when it could not run.
 */

/** Practice 1's sign-ins from the synthetic seed (db/src/seed/synthetic.ts). */
const SIGN_INS: Record<Persona, string> = { consultant: "consultant-1@practice-1.test", lead: "lead@practice-1.test" };
const FLOOR_POOL_SIZE = 16;
/** Alternating HTTP/floor slices of the c=1 measurement. */
const C1_ROUNDS = 4;

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const settings = readSettings();
  const startedAt = new Date();
  const started = performance.now();
  // The machine is shared: its load when the run began is part of reading the numbers.
  const loadAverageAtStart = os.loadavg().map((load) => Math.round(load * 100) / 100);

  const dataset = await ensureDataset(settings.serverUrl, TARGET_SIZE, settings.reseed);
  const { fingerprint } = dataset;
  if (dataset.seeded) {
    const verdict = fingerprint.seedSeconds <= SEED_TARGET_SECONDS ? "within" : "OVER";
    say(`Seeded ${fingerprint.counts.episodes} episodes in ${fingerprint.seedSeconds} s (${verdict} the ${SEED_TARGET_SECONDS} s target); reason: ${dataset.reason}`);
  } else {
    say(`Reusing wave_bench (seeded ${fingerprint.seededAt} in ${fingerprint.seedSeconds} s, ${fingerprint.counts.episodes} episodes, at ${fingerprint.latestMigration})`);
  }

  const build = buildIfStale();
  say(build.reason ? `Built in ${build.seconds} s (${build.reason})` : "Build is current (pnpm build skipped)");
  const clientWeight = measureClientWeight(path.join(REPO_ROOT, "client/dist"));

  const results: EndpointResult[] = [];
  let lcp;
  let httpAlone: RunResult | undefined;
  const server = await startAppServer({ DATABASE_URL: dataset.url });
  try {
    const cookies: Record<Persona, string> = {
      consultant: await signInOverHttp(server.baseUrl, SIGN_INS.consultant, DEMO_PASSWORD),
      lead: await signInOverHttp(server.baseUrl, SIGN_INS.lead, DEMO_PASSWORD),
    };
    const clientId = await firstClientId(server.baseUrl, cookies.consultant);
    // HTTP alone: an Express route through helmet and compression, no tRPC, no SQL.
    // Part of every endpoint's overhead that no statement causes.
    await waitUntilDatabaseIdle(dataset.url);
    httpAlone = await measureHttp({ url: `${server.baseUrl}/healthz`, headers: requestHeaders(cookies.consultant), connections: 1, seconds: settings.seconds, warmupSeconds: settings.warmupSeconds });
    say(`  GET /healthz (HTTP alone): c1 p50 ${httpAlone.p50} ms, p95 ${httpAlone.p95} ms`);
    const capture = openStatementCapture(dataset.url, { consultant: tokenOf(cookies.consultant), lead: tokenOf(cookies.lead) });
    const floor = openFloorRunner(dataset.url, FLOOR_POOL_SIZE);
    let stackFloor: AppServer | undefined;
    try {
      // Every endpoint's statements and answer first: the stack floor replays them all.
      const endpoints = [];
      for (const endpoint of benchEndpoints(clientId)) {
        const captured = await capture.capture(endpoint);
        await floor.check(captured);
        endpoints.push({ endpoint, captured, replay: await replayOf(endpoint, captured, server.baseUrl, requestHeaders(cookies[endpoint.persona])) });
      }
      stackFloor = await startStackFloor(dataset.url, endpoints.map(({ replay }) => replay));
      for (const { endpoint, captured } of endpoints) {
        const stackBaseUrl = stackFloor.baseUrl;
        const at = (connections: number, rounds: number, withStack: boolean) =>
          measureSideBySide({
            url: `${server.baseUrl}${endpoint.path}`,
            stackUrl: withStack ? `${stackBaseUrl}${endpoint.path}` : undefined,
            headers: requestHeaders(cookies[endpoint.persona]),
            captured,
            floor,
            databaseUrl: dataset.url,
            connections,
            seconds: settings.seconds,
            warmupSeconds: settings.warmupSeconds,
            rounds,
          });
        // c=1 in alternating slices (the overhead is read there, beside the stack floor); c=16 in one run,
        // since a slow endpoint's answers take seconds there and a short slice would drop them unfinished.
        const c1 = await at(1, C1_ROUNDS, true);
        const c16 = await at(16, 1, false);
        const http = { c1: c1.http, c16: c16.http };
        const floorRuns = { c1: c1.floor, c16: c16.floor };
        const overheadC1 = overheadOf(http.c1, floorRuns.c1);
        const stack = c1.stack ? { c1: c1.stack, overheadC1: overheadOf(c1.stack, floorRuns.c1) } : null;
        const missed = missedParts(endpoint.target, http, overheadC1, stack?.overheadC1);
        results.push({
          name: endpoint.name,
          persona: endpoint.persona,
          target: endpoint.target,
          http,
          floor: { ...floorRuns, statements: captured.statements.length, transactions: captured.transactions },
          overheadC1,
          stack,
          missed,
          met: missed.length === 0,
        });
        say(
          `  ${endpoint.name}: c1 p95 ${http.c1.p95} ms, c16 p95 ${http.c16.p95} ms, floor c1 p50 ${floorRuns.c1.p50} ms, ` +
            `stack floor c1 p50 ${stack?.c1.p50 ?? "-"} ms ` +
            `(${captured.statements.length} statements, ${captured.transactions} transactions)` +
            (http.c1.failures + http.c16.failures > 0 ? `, non-2xx: ${http.c1.failures} at c1, ${http.c16.failures} at c16` : "") +
            (stack && stack.c1.failures > 0 ? `, stack floor failures: ${stack.c1.failures}` : ""),
        );
      }
    } finally {
      await stackFloor?.stop();
      await capture.close();
      await floor.close();
    }
    await waitUntilDatabaseIdle(dataset.url);
    lcp = await measureCaseloadLcp({ baseUrl: server.baseUrl, cookie: cookies.consultant, chromiumPath: settings.chromiumPath, loads: settings.lcpLoads });
  } finally {
    await server.stop();
  }

  const embedded = await benchEmbedded({ seconds: settings.seconds, warmupSeconds: settings.warmupSeconds });
  const embeddedRows = embedded.map((row) => ({ ...row, targetP95Ms: EMBEDDED_P95_TARGET_MS, met: row.c1.p95 <= EMBEDDED_P95_TARGET_MS }));

  say("");
  say(`Postgres server, ${fingerprint.counts.practices} practices x ${TARGET_SIZE.clientsPerPractice} clients, ${fingerprint.counts.episodes} episodes; latencies in ms over 2xx responses; ${settings.seconds} s per run after ${settings.warmupSeconds} s warm-up`);
  say(formatEndpointTable(results));
  say(`Overhead target: API p50 - floor p50 at c=1 <= ${OVERHEAD_TARGET.ms} ms or <= ${OVERHEAD_TARGET.ratio}x.`);
  say("Stack floor: the same statements and answer through Express, helmet, compression, tRPC and Kysely, none of Wave's code; (over floor) is its own overhead, and \"stack-bound\" marks an overhead target the stack alone misses.");
  if (httpAlone) say(`HTTP alone (GET /healthz: Express, helmet, compression; no tRPC, no SQL) at c=1: p50 ${httpAlone.p50} ms, p95 ${httpAlone.p95} ms.`);
  say("");
  say(formatSimpleTable(embeddedRows));
  say("");
  say(`Client initial load: JS ${clientWeight.js.gzipKb} kB gzip (${clientWeight.js.rawKb} kB raw), CSS ${clientWeight.css.gzipKb} kB gzip (${clientWeight.css.rawKb} kB raw), ${clientWeight.files.length} files`);
  say(lcp.status === "measured" ? `Caseload LCP (headless Chromium, median of ${lcp.loadsMs.length} cold loads): ${lcp.medianMs} ms [${lcp.loadsMs.join(", ")}]` : `Caseload LCP: skipped (${lcp.reason})`);

  const report = {
    date: startedAt.toISOString(),
    durationSeconds: Math.round((performance.now() - started) / 1000),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      postgres: await serverVersion(settings.serverUrl),
      loadAverageAtStart,
      loadAverageAtEnd: os.loadavg().map((load) => Math.round(load * 100) / 100),
    },
    settings: { seconds: settings.seconds, warmupSeconds: settings.warmupSeconds, floorPoolSize: FLOOR_POOL_SIZE, c1AlternatingRounds: C1_ROUNDS },
    dataset: { size: fingerprint.size, counts: fingerprint.counts, seededAt: fingerprint.seededAt, seedSeconds: fingerprint.seedSeconds, seededThisRun: dataset.seeded, latestMigration: fingerprint.latestMigration, seedTargetSeconds: SEED_TARGET_SECONDS },
    build,
    overheadTarget: OVERHEAD_TARGET,
    httpAlone: httpAlone ?? null,
    endpoints: results,
    embedded: embeddedRows,
    clientWeight,
    lcp,
  };
  writeFileSync(path.join(REPO_ROOT, "bench-results.json"), `${JSON.stringify(report, null, 2)}\n`);
  const missed = results.filter((result) => !result.met).length + embeddedRows.filter((row) => !row.met).length;
  say(`\nWrote bench-results.json in ${report.durationSeconds} s; ${missed} target(s) missed (reported, not a failure).`);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`pnpm bench could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { migrateToLatest, openEmbeddedDatabase, openServerDatabase, REPO_ROOT } from "@wave/db";
import { DEMO_PASSWORD, seedDemo } from "@wave/db/seed";
import { createTestPractice, TEST_PASSWORD } from "@wave/db/testing";
import { assertClientBuilt, clientPaths, ClientNotBuiltError } from "@wave/server";
import { startApp, statusOf, waitForReady, watchReadiness, type AppExit, type AppProcess, type ReadinessSample } from "./app-process.js";
import { createCluster, type ThrowawayCluster } from "./cluster.js";
import {
  CASELOAD_PATH,
  createLedger,
  EPISODE_PATH,
  send,
  startLoad,
  startStrictClients,
  type ClientFigures,
  type Ledger,
  type LoadFigures,
  type LoadOptions,
  type Session,
} from "./load.js";

function buildClientIfMissing(): void {
  try {
    assertClientBuilt(clientPaths(REPO_ROOT));
  } catch (error) {
    if (!(error instanceof ClientNotBuiltError)) throw error;
    execFileSync("pnpm", ["--filter", "@wave/client", "build"], { cwd: REPO_ROOT, stdio: "inherit" });
  }
}

/**
 * `pnpm test:faults`: Wave's real server process on a throwaway Postgres 15
 * cluster, under bounded load, while the database is cut, restarted and
 * stopped; then SIGTERM under load; then a start while the database is down.
 * What an operator would notice is asserted; the figures are printed and
 * written to tests/artifacts/fault-suite.json.
 */
const DATABASE = "wave";
const CONSULTANT = "emily@bewellbaby.test";
/** /readyz must be 200 again this soon after the database is back. */
const RECOVERY_BOUND_MS = 30_000;
/** A request during an outage must be answered (503) this fast: failing fast, not hanging. */
const FAIL_FAST_SECONDS = 6;
const SHUTDOWN_TIMEOUT_MS = 10_000;
/** The whole suite, as a last resort: the cluster is dropped whatever happens. */
const SUITE_TIMEOUT_MS = 5 * 60_000;
const LOAD: LoadOptions = {
  connections: 8,
  rate: 120,
  maxRequests: 6_000,
  maxSeconds: 45,
  timeoutSeconds: FAIL_FAST_SECONDS,
  // A refused connection means the app stopped listening (died, or the SIGTERM phase): stop sending.
  stopWhenRefused: true,
};
const ARTIFACT = path.join(REPO_ROOT, "tests", "artifacts", "fault-suite.json");

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}
const checks: Check[] = [];
function check(name: string, ok: boolean, detail = ""): void {
  checks.push({ name, ok, detail });
  process.stdout.write(`  ${ok ? "ok  " : "FAIL"} ${name}${detail ? ` (${detail})` : ""}\n`);
}

function onlyStatuses(responses: Record<string, number>, allowed: string[]): boolean {
  return Object.keys(responses).every((status) => allowed.includes(status));
}

function describeCounts(tally: Record<string, number>): string {
  const entries = Object.entries(tally);
  return entries.length === 0 ? "none" : entries.map(([key, value]) => `${key}: ${value}`).join(", ");
}

function first503After(samples: ReadinessSample[], fromMs: number): boolean {
  return samples.some((sample) => sample.atMs >= fromMs && sample.status === 503);
}

/** How long /readyz said 503, from its first 503 after `fromMs` to the next 200; null if it never did. */
function unreadyMs(samples: ReadinessSample[], fromMs: number): number | null {
  const down = samples.find((sample) => sample.atMs >= fromMs && sample.status === 503);
  if (!down) return null;
  const up = samples.find((sample) => sample.atMs > down.atMs && sample.status === 200);
  return up ? up.atMs - down.atMs : null;
}

async function freePort(): Promise<number> {
  const net = await import("node:net");
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function prepareDatabase(cluster: ThrowawayCluster): Promise<string> {
  const admin = new pg.Client({ connectionString: cluster.url("postgres") });
  await admin.connect();
  await admin.query(`create database ${DATABASE}`);
  await admin.end();
  const url = cluster.url(DATABASE);
  const database = openServerDatabase({ connectionString: url });
  try {
    await migrateToLatest(database.db);
    await seedDemo(database.db);
  } finally {
    await database.close();
  }
  return url;
}

async function signIn(base: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${base}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (response.status !== 200 || !cookie) throw new Error(`sign-in failed with ${response.status}`);
  return cookie;
}

/** The demo consultant's session and one of her clients, on the server. */
async function demoSession(base: string, databaseUrl: string): Promise<Session> {
  const cookie = await signIn(base, CONSULTANT, DEMO_PASSWORD);
  const owner = new pg.Client({ connectionString: databaseUrl });
  await owner.connect();
  try {
    const result = await owner.query<{ id: string }>(
      `select c.id from clients c join users u on u.id = c.primary_consultant_id where u.email = $1 order by c.id limit 1`,
      [CONSULTANT],
    );
    const clientId = result.rows[0]?.id;
    if (!clientId) throw new Error("the demo consultant has no client");
    return { base, cookie, clientId };
  } finally {
    await owner.end();
  }
}

interface FaultPhase {
  name: string;
  load: LoadFigures;
  faultAtMs: number;
  /** When the database was back (the cluster answered again). */
  restoredAtMs: number;
  readyz503Seen: boolean;
  /** How long /readyz answered 503. */
  unreadyMs: number | null;
  recoverMs: number | null;
  extra: Record<string, unknown>;
}

/** Load, then the fault, then load again until /readyz is back and a little after. */
async function underLoad(
  name: string,
  app: AppProcess,
  session: Session,
  ledger: Ledger,
  inject: () => Promise<Record<string, unknown>>,
): Promise<FaultPhase> {
  process.stdout.write(`\n${name}\n`);
  const readiness = watchReadiness(app.base);
  const load = startLoad(session, ledger, LOAD);
  await sleep(1_500);
  const faultAtMs = Date.now();
  const extra = await inject();
  const restoredAtMs = Date.now();
  const recoverMs = await waitForReady(app.base, RECOVERY_BOUND_MS, () => !app.exit());
  await sleep(1_500);
  const figures = await load.stop();
  await readiness.stop();
  const phase: FaultPhase = {
    name,
    load: figures,
    faultAtMs,
    restoredAtMs,
    readyz503Seen: first503After(readiness.samples, faultAtMs),
    unreadyMs: unreadyMs(readiness.samples, faultAtMs),
    recoverMs,
    extra,
  };
  check(`${name}: the app process is still running`, !app.exit(), app.exit() ? `exited ${JSON.stringify(app.exit())}` : `pid ${app.pid}`);
  check(
    `${name}: /readyz is 200 again within ${RECOVERY_BOUND_MS / 1000} s of the database being back`,
    recoverMs !== null,
    `${recoverMs ?? "never"} ms`,
  );
  check(`${name}: every answer is 200 or 503, never a 500`, onlyStatuses(figures.responses, ["200", "503"]), describeCounts(figures.responses));
  check(
    `${name}: every request answered within ${FAIL_FAST_SECONDS} s`,
    figures.timeouts === 0 && figures.maxLatencyMs < FAIL_FAST_SECONDS * 1000,
    `slowest ${figures.maxLatencyMs} ms, ${figures.timeouts} timed out`,
  );
  check(
    `${name}: no connection to the app failed`,
    Object.keys(figures.errors).length === 0 && figures.refused === 0,
    `${describeCounts(figures.errors)}; refused: ${figures.refused}`,
  );
  check(`${name}: writes were acknowledged`, figures.writesAcknowledged > 0, `${figures.writesAcknowledged} of ${figures.writesSent}`);
  return phase;
}

async function terminatePhase(app: AppProcess, session: Session, ledger: Ledger, cluster: ThrowawayCluster): Promise<FaultPhase> {
  return underLoad("1. pg_terminate_backend on the app's connections, five times", app, session, ledger, async () => {
    let terminated = 0;
    for (let round = 0; round < 5; round++) {
      terminated += await cluster.terminateBackends(DATABASE);
      await sleep(300);
    }
    return { terminatedBackends: terminated };
  });
}

async function restartPhase(app: AppProcess, session: Session, ledger: Ledger, cluster: ThrowawayCluster): Promise<FaultPhase> {
  const phase = await underLoad("2. pg_ctlcluster restart -m fast", app, session, ledger, async () => {
    await cluster.restart("fast");
    return {};
  });
  check(`${phase.name}: /readyz answered 503 while the database was away`, phase.readyz503Seen);
  check(`${phase.name}: requests during the outage failed with 503`, (phase.load.responses["503"] ?? 0) > 0, `${phase.load.responses["503"] ?? 0}`);
  return phase;
}

async function stopPhase(app: AppProcess, session: Session, ledger: Ledger, cluster: ThrowawayCluster): Promise<FaultPhase> {
  const phase = await underLoad("3. immediate stop, 4 s down, start", app, session, ledger, async () => {
    const stoppedAt = Date.now();
    await cluster.stop("immediate");
    await sleep(4_000);
    await cluster.start();
    return { downMs: Date.now() - stoppedAt };
  });
  check(`${phase.name}: /readyz answered 503 while the database was away`, phase.readyz503Seen);
  check(`${phase.name}: requests during the outage failed with 503`, (phase.load.responses["503"] ?? 0) > 0, `${phase.load.responses["503"] ?? 0}`);
  return phase;
}

interface ShutdownPhase {
  exit: AppExit | undefined;
  shutdownMs: number | null;
  load: LoadFigures;
  strict: ClientFigures;
}

async function sigtermPhase(name: string, app: AppProcess, session: Session, ledger: Ledger): Promise<ShutdownPhase> {
  process.stdout.write(`\n${name}\n`);
  const load = startLoad(session, ledger, LOAD);
  const strict = startStrictClients(session, ledger, 4);
  await sleep(1_500);
  const signalledAt = Date.now();
  app.signal("SIGTERM");
  const exit = await Promise.race([app.exited, sleep(SHUTDOWN_TIMEOUT_MS + 15_000).then(() => undefined)]);
  const [loadFigures, strictFigures] = await Promise.all([load.stop(), strict.stop()]);
  const shutdownMs = exit ? exit.atMs - signalledAt : null;
  check(`${name}: exits with code 0`, exit?.code === 0, exit ? `code ${exit.code}, signal ${exit.signal}, after ${shutdownMs} ms` : "still running");
  check(
    `${name}: no request cut mid-flight (a client that honours Connection: close)`,
    Object.keys(strictFigures.cut).length === 0,
    `${describeCounts(strictFigures.responses)}; cut: ${describeCounts(strictFigures.cut)}; refused once closed: ${strictFigures.refused}`,
  );
  check(`${name}: every answer is 200 or 503`, onlyStatuses(strictFigures.responses, ["200", "503"]) && onlyStatuses(loadFigures.responses, ["200", "503"]));
  check(
    `${name}: requests were served up to the signal`,
    (strictFigures.responses["200"] ?? 0) + (loadFigures.responses["200"] ?? 0) > 0,
    `${(strictFigures.responses["200"] ?? 0) + (loadFigures.responses["200"] ?? 0)} answered 200`,
  );
  return { exit, shutdownMs, load: loadFigures, strict: strictFigures };
}

interface StartWhileDownPhase {
  healthzUpMs: number | null;
  readyzWhileDown: { status: number; body: string };
  trpcWhileDown: { status: number; retryAfter: string | null };
  retriesLogged: number;
  recoverMs: number | null;
}

async function startWhileDownPhase(cluster: ThrowawayCluster, databaseUrl: string, logDir: string): Promise<{ app: AppProcess; phase: StartWhileDownPhase }> {
  const name = "5. start while the database is down";
  process.stdout.write(`\n${name}\n`);
  await cluster.stop("immediate");
  const app = startApp({ databaseUrl, port: await freePort(), logFile: path.join(logDir, "app-2.log"), shutdownTimeoutMs: SHUTDOWN_TIMEOUT_MS });
  const launchedAt = Date.now();
  let healthzUpMs: number | null = null;
  while (Date.now() - launchedAt < 30_000 && !app.exit()) {
    if ((await statusOf(`${app.base}/healthz`, 1_000)) === 200) {
      healthzUpMs = Date.now() - launchedAt;
      break;
    }
    await sleep(100);
  }
  check(`${name}: /healthz answers 200`, healthzUpMs !== null, `${healthzUpMs ?? "never"} ms after launch`);
  await sleep(3_000);
  const readyz = await fetch(`${app.base}/readyz`, { signal: AbortSignal.timeout(3_000) });
  const readyzWhileDown = { status: readyz.status, body: await readyz.text() };
  check(`${name}: /readyz answers 503 "starting"`, readyz.status === 503 && readyzWhileDown.body.includes('"starting"'), readyzWhileDown.body);
  const trpc = await fetch(`${app.base}${CASELOAD_PATH}`, { signal: AbortSignal.timeout(3_000) });
  await trpc.arrayBuffer();
  const trpcWhileDown = { status: trpc.status, retryAfter: trpc.headers.get("retry-after") };
  check(`${name}: /trpc answers 503 with Retry-After`, trpc.status === 503 && trpcWhileDown.retryAfter !== null, JSON.stringify(trpcWhileDown));
  check(`${name}: the process stays up`, !app.exit());
  const retriesLogged = app.logLines().filter((line) => line.includes("database not answering; trying again")).length;
  check(`${name}: each try is logged`, retriesLogged >= 2, `${retriesLogged} tries logged`);
  await cluster.start();
  const recoverMs = await waitForReady(app.base, RECOVERY_BOUND_MS, () => !app.exit());
  check(`${name}: /readyz is 200 within ${RECOVERY_BOUND_MS / 1000} s of the database starting`, recoverMs !== null, `${recoverMs ?? "never"} ms`);
  return { app, phase: { healthzUpMs, readyzWhileDown, trpcWhileDown, retriesLogged, recoverMs } };
}

interface WriteFigures {
  sent: number;
  acknowledged: number;
  acknowledgedFound: number;
  rowsBeforeRetry: number;
  retried: number;
  retryResponses: Record<string, number>;
  rowsAfterRetry: number;
  duplicateIds: number;
}

/** Every acknowledged write is a row; every other one, sent again with its id, is then written exactly once. */
async function verifyWrites(databaseUrl: string, ledger: Ledger, session: Session): Promise<WriteFigures> {
  process.stdout.write("\n6. acknowledged writes against the rows\n");
  const owner = new pg.Client({ connectionString: databaseUrl });
  await owner.connect();
  const rowsOf = async (ids: string[]): Promise<Set<string>> => {
    const result = await owner.query<{ id: string }>("select id from episodes where id = any($1::uuid[])", [ids]);
    return new Set(result.rows.map((row) => row.id));
  };
  try {
    const sent = [...ledger.sent.keys()];
    const acknowledged = [...ledger.acknowledged];
    const before = await rowsOf(sent);
    const acknowledgedFound = acknowledged.filter((id) => before.has(id)).length;
    check("every write acknowledged with 200 is a row", acknowledgedFound === acknowledged.length, `${acknowledgedFound} of ${acknowledged.length}`);

    const unacknowledged = sent.filter((id) => !ledger.acknowledged.has(id));
    const retryResponses: Record<string, number> = {};
    for (let i = 0; i < unacknowledged.length; i += 8) {
      await Promise.all(
        unacknowledged.slice(i, i + 8).map(async (id) => {
          const response = await send(session, "POST", EPISODE_PATH, ledger.sent.get(id));
          retryResponses[response.status] = (retryResponses[response.status] ?? 0) + 1;
        }),
      );
    }
    check("each unacknowledged write, sent again with its id, answers 200", onlyStatuses(retryResponses, ["200"]), describeCounts(retryResponses));
    const after = await rowsOf(sent);
    const duplicates = await owner.query<{ id: string }>(
      "select id from episodes where id = any($1::uuid[]) group by id having count(*) > 1",
      [sent],
    );
    check("after the retries every write sent is exactly one row", after.size === sent.length && duplicates.rows.length === 0, `${after.size} rows for ${sent.length} ids, ${duplicates.rows.length} duplicated`);
    return {
      sent: sent.length,
      acknowledged: acknowledged.length,
      acknowledgedFound,
      rowsBeforeRetry: before.size,
      retried: unacknowledged.length,
      retryResponses,
      rowsAfterRetry: after.size,
      duplicateIds: duplicates.rows.length,
    };
  } finally {
    await owner.end();
  }
}

/** Why requests got 503, from the app's own log lines (a code each, never a message). */
function unavailableReasons(app: AppProcess): Record<string, number> {
  const reasons: Record<string, number> = {};
  for (const line of app.logLines()) {
    if (!line.includes('"database unavailable"')) continue;
    try {
      const entry = JSON.parse(line) as { reason?: unknown };
      const reason = typeof entry.reason === "string" ? entry.reason : "unknown";
      reasons[reason] = (reasons[reason] ?? 0) + 1;
    } catch {
      // Not a log entry.
    }
  }
  return reasons;
}

/**
 * Embedded Postgres: SIGTERM under load must drain and close the store
 * cleanly (it writes its files on close), so that it opens again with every
 * acknowledged write.
 */
async function embeddedShutdownPhase(logDir: string, apps: AppProcess[]): Promise<{ shutdown: ShutdownPhase; acknowledged: number; found: number }> {
  const name = "7. embedded Postgres: SIGTERM under load";
  const dataDir = path.join(logDir, "embedded-data");
  const seeding = await openEmbeddedDatabase({ dataDir });
  const practice = await (async () => {
    try {
      await migrateToLatest(seeding.db);
      return await createTestPractice(seeding.db, "Faults");
    } finally {
      await seeding.close();
    }
  })();
  const app = startApp({ dataDir, port: await freePort(), logFile: path.join(logDir, "app-embedded.log"), shutdownTimeoutMs: SHUTDOWN_TIMEOUT_MS });
  apps.push(app);
  const readyMs = await waitForReady(app.base, 60_000, () => !app.exit());
  if (readyMs === null) throw new Error(`the embedded app did not become ready:\n${app.logLines().slice(-20).join("\n")}`);
  const cookie = await signIn(app.base, practice.consultants[0].email, TEST_PASSWORD);
  const ledger = createLedger();
  const shutdown = await sigtermPhase(name, app, { base: app.base, cookie, clientId: practice.clients[0][0] }, ledger);
  const reopened = await openEmbeddedDatabase({ dataDir });
  try {
    const acknowledged = [...ledger.acknowledged];
    const rows = acknowledged.length === 0 ? [] : await reopened.db.selectFrom("episodes").select("id").where("id", "in", acknowledged).execute();
    check(`${name}: the store opens again with every acknowledged write`, rows.length === acknowledged.length && acknowledged.length > 0, `${rows.length} of ${acknowledged.length}`);
    return { shutdown, acknowledged: acknowledged.length, found: rows.length };
  } finally {
    await reopened.close();
  }
}

function sumCounts(tallies: Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const tally of tallies) for (const [key, value] of Object.entries(tally)) total[key] = (total[key] ?? 0) + value;
  return total;
}

async function main(): Promise<number> {
  const suiteStarted = Date.now();
  const logDir = mkdtempSync(path.join(tmpdir(), "wave-faults-"));
  const apps: AppProcess[] = [];
  let cluster: ThrowawayCluster | undefined;
  const cleanup = async () => {
    for (const app of apps) app.signal("SIGKILL");
    await cluster?.drop().catch((error: unknown) => process.stderr.write(`could not drop cluster ${cluster?.name}: ${String(error)}\n`));
  };
  const onSignal = () => void cleanup().finally(() => process.exit(1));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const watchdog = setTimeout(() => {
    process.stderr.write(`fault suite: over ${SUITE_TIMEOUT_MS / 1000} s, giving up\n`);
    onSignal();
  }, SUITE_TIMEOUT_MS);
  watchdog.unref();

  try {
    // The app refuses to start without the built client (docs/decisions/0022): built here if missing, outside the timings.
    buildClientIfMissing();
    cluster = await createCluster();
    await cluster.start();
    const databaseUrl = await prepareDatabase(cluster);
    process.stdout.write(`throwaway cluster ${cluster.name} on port ${cluster.port}; app logs in ${logDir}\n`);

    const first = startApp({ databaseUrl, port: await freePort(), logFile: path.join(logDir, "app-1.log"), shutdownTimeoutMs: SHUTDOWN_TIMEOUT_MS });
    apps.push(first);
    const startMs = await waitForReady(first.base, 60_000, () => !first.exit());
    check("the app starts and is ready", startMs !== null, `${startMs ?? "never"} ms`);
    if (startMs === null) throw new Error(`the app did not become ready:\n${first.logLines().slice(-20).join("\n")}`);
    const session = await demoSession(first.base, databaseUrl);
    const ledger = createLedger();

    const faults = [
      await terminatePhase(first, session, ledger, cluster),
      await restartPhase(first, session, ledger, cluster),
      await stopPhase(first, session, ledger, cluster),
    ];
    const shutdown = await sigtermPhase("4. SIGTERM under load", first, session, ledger);
    const { app: second, phase: startWhileDown } = await startWhileDownPhase(cluster, databaseUrl, logDir);
    apps.push(second);
    const writes = await verifyWrites(databaseUrl, ledger, { ...session, base: second.base });

    second.signal("SIGTERM");
    const idleExit = await Promise.race([second.exited, sleep(SHUTDOWN_TIMEOUT_MS + 15_000).then(() => undefined)]);
    check("an idle app exits with code 0 on SIGTERM", idleExit?.code === 0, idleExit ? `code ${idleExit.code}` : "still running");
    const embedded = await embeddedShutdownPhase(logDir, apps);

    const loads = [...faults.map((phase) => phase.load), shutdown.load];
    const report = {
      ranAt: new Date(suiteStarted).toISOString(),
      runSeconds: Math.round((Date.now() - suiteStarted) / 100) / 10,
      load: LOAD,
      totals: {
        requests: loads.reduce((sum, load) => sum + load.requests, 0) + shutdown.strict.requests,
        responsesByStatus: sumCounts([...loads.map((load) => load.responses), shutdown.strict.responses]),
        // Refused connections once the app had stopped listening are not failures: nothing was sent.
        errorsByKind: sumCounts([...faults.map((phase) => phase.load.errors), shutdown.strict.cut]),
        timeouts: loads.reduce((sum, load) => sum + load.timeouts, 0),
        refusedAfterShutdown: shutdown.strict.refused + shutdown.load.refused,
        /** Why the app answered 503, as it logged each one. */
        unavailableByReason: sumCounts([unavailableReasons(first), unavailableReasons(second)]),
      },
      faults: faults.map((phase) => ({
        name: phase.name,
        requests: phase.load.requests,
        responsesByStatus: phase.load.responses,
        errorsByKind: phase.load.errors,
        timeouts: phase.load.timeouts,
        slowestMs: phase.load.maxLatencyMs,
        writesSent: phase.load.writesSent,
        writesAcknowledged: phase.load.writesAcknowledged,
        readyz503Seen: phase.readyz503Seen,
        readyz503ForMs: phase.unreadyMs,
        faultMs: phase.restoredAtMs - phase.faultAtMs,
        recoverMs: phase.recoverMs,
        ...phase.extra,
      })),
      sigterm: {
        exitCode: shutdown.exit?.code ?? null,
        shutdownMs: shutdown.shutdownMs,
        strictClients: shutdown.strict,
        autocannon: { responsesByStatus: shutdown.load.responses, errorsByKind: shutdown.load.errors },
      },
      startWhileDown,
      writes,
      embeddedSigterm: {
        exitCode: embedded.shutdown.exit?.code ?? null,
        shutdownMs: embedded.shutdown.shutdownMs,
        strictClients: embedded.shutdown.strict,
        autocannon: { responsesByStatus: embedded.shutdown.load.responses, errorsByKind: embedded.shutdown.load.errors },
        writesAcknowledged: embedded.acknowledged,
        acknowledgedFoundAfterReopen: embedded.found,
      },
      checks,
    };
    mkdirSync(path.dirname(ARTIFACT), { recursive: true });
    writeFileSync(ARTIFACT, `${JSON.stringify(report, null, 2)}\n`);

    process.stdout.write("\nFigures\n");
    process.stdout.write(`  requests: ${report.totals.requests}; responses: ${describeCounts(report.totals.responsesByStatus)}; errors: ${describeCounts(report.totals.errorsByKind)}; timeouts: ${report.totals.timeouts}\n`);
    process.stdout.write(`  503s by database error: ${describeCounts(report.totals.unavailableByReason)}\n`);
    for (const phase of report.faults) {
      process.stdout.write(
        `  ${phase.name}: ${phase.requests} requests (${describeCounts(phase.responsesByStatus)}), fault ${phase.faultMs} ms, /readyz 503 for ${phase.readyz503ForMs ?? 0} ms and 200 ${phase.recoverMs} ms after the database was back, slowest answer ${phase.slowestMs} ms\n`,
      );
    }
    process.stdout.write(`  SIGTERM: exit ${report.sigterm.exitCode} after ${report.sigterm.shutdownMs} ms; strict clients ${describeCounts(shutdown.strict.responses)}, cut ${describeCounts(shutdown.strict.cut)}, ${shutdown.strict.closingResponses} answers with Connection: close\n`);
    process.stdout.write(`  start while down: /healthz after ${startWhileDown.healthzUpMs} ms, /readyz 200 ${startWhileDown.recoverMs} ms after the database started\n`);
    process.stdout.write(`  embedded SIGTERM: exit ${embedded.shutdown.exit?.code ?? "none"} after ${embedded.shutdown.shutdownMs} ms; strict clients ${describeCounts(embedded.shutdown.strict.responses)}, cut ${describeCounts(embedded.shutdown.strict.cut)}; ${embedded.found} of ${embedded.acknowledged} acknowledged writes found after reopening\n`);
    process.stdout.write(`  writes: ${writes.sent} sent, ${writes.acknowledged} acknowledged, ${writes.acknowledgedFound} of them found; ${writes.retried} retried, ${writes.rowsAfterRetry} rows, ${writes.duplicateIds} duplicated\n`);
    process.stdout.write(`  run time: ${report.runSeconds} s; written to ${path.relative(REPO_ROOT, ARTIFACT)}\n`);
  } catch (error) {
    check("the suite ran to the end", false, error instanceof Error ? error.message : String(error));
    for (const app of apps) process.stderr.write(`\n--- last lines of app ${app.pid} ---\n${app.logLines().slice(-30).join("\n")}\n`);
  } finally {
    clearTimeout(watchdog);
    await cleanup();
  }
  const failed = checks.filter((entry) => !entry.ok).length;
  process.stdout.write(`\nfaults: ${checks.length - failed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

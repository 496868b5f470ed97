import type { Express } from "express";
import { DataDirLockedError, migrateToLatest, openDatabase, type WaveDatabase } from "@wave/db";
import { DEMO_PASSWORD, DEMO_SIGN_INS, isDatabaseEmpty, seedDemo } from "@wave/db/seed";
import { createApp } from "./app.js";
import { databaseUnavailableReason, isDatabaseUnavailable } from "./database-errors.js";
import { parseEnv, REPO_ROOT } from "./env.js";
import { assertClientBuilt, ClientNotBuiltError, clientPaths, createClientDevMiddleware } from "./http/client-assets.js";
import { createDrainableServer, listen } from "./http/graceful-shutdown.js";
import { notServingHandler } from "./http/not-serving-handler.js";
import { startChangeFeed, type ChangeFeed } from "./live/change-feed.js";
import { createLogger } from "./logger.js";
import { startSummaryRefresh } from "./caseload/summary-refresh.js";
import { DATABASE_BACKOFF, retryWithBackoff } from "./startup/backoff.js";
import { openReadReplica } from "./startup/read-replica.js";

const env = parseEnv();
const log = createLogger(env.logLevel);

/** Closing the database may take this long after the drain (embedded Postgres writes its files). */
const CLOSE_TIMEOUT_MS = 10_000;

// Start-up and shutdown (docs/decisions/0015-surviving-database-faults.md):
// the port opens first and answers /healthz, /readyz says "starting" while
// Wave waits for its database with backoff and migrates, then the app takes
// over. SIGTERM or SIGINT drains requests, then closes the database.
async function main(): Promise<void> {
  const startedAt = Date.now();
  // Before anything opens: without the built client there is nothing to serve (pnpm dev serves it from source).
  if (!env.dev) assertClientBuilt(clientPaths(REPO_ROOT));
  // Opening does not connect to a server (its pool connects on demand), so
  // this cannot fail while the server is down. An embedded store is opened
  // before the port: its lock refuses a second process on the same DATA_DIR
  // before that process touches anything else.
  const database = await openDatabase({
    databaseUrl: env.databaseUrl,
    dataDir: env.dataDir,
    // A code only: the process carries on and the pool replaces the connection.
    onPoolError: (error) => log.warn({ reason: databaseUnavailableReason(error) ?? error.name }, "database connection lost; it will be replaced"),
  });
  log.info({ database: database.kind, ...(database.kind === "embedded" ? { dataDir: env.dataDir } : {}) }, "database opened");
  const replica = openReadReplica(env, log);
  if (replica) log.info("analytics read from the replica in READ_DATABASE_URL");

  const http = createDrainableServer(notServingHandler("starting"));
  const boot = new AbortController();
  let booting: Promise<Prepared> | undefined = undefined;
  let stopping = false;

  const shutdown = async (signal: string, exitCode = 0) => {
    // A second Ctrl-C must not cut the shutdown short: embedded Postgres writes its files on close.
    if (stopping) return;
    stopping = true;
    log.info({ signal, timeoutMs: env.shutdownTimeoutMs }, "shutting down: finishing requests in flight");
    const deadline = Date.now() + env.shutdownTimeoutMs;
    boot.abort(new Error("shutting down"));
    const drained = http.drain(env.shutdownTimeoutMs);
    // Start-up work under way (a migration, the seed) finishes before the database closes.
    const prepared = booting ? await settledBy(booting, deadline) : undefined;
    // Open event streams would keep their connections busy: they end now.
    await prepared?.changeFeed.stop().catch((error: unknown) => log.warn({ err: error }, "live updates did not stop cleanly"));
    await prepared?.stopSummaryRefresh();
    const finished = await drained;
    if (!finished) log.error({ timeoutMs: env.shutdownTimeoutMs }, "requests still running at the shutdown bound were cut");
    if (replica) await closeWithin(replica, CLOSE_TIMEOUT_MS);
    const closed = await closeWithin(database, CLOSE_TIMEOUT_MS);
    if (!closed) log.error("the database did not close cleanly");
    log.info({ drained: finished, databaseClosed: closed }, "stopped");
    process.exit(finished && closed ? exitCode : 1);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  try {
    await listen(http.server, env.port);
  } catch (error) {
    log.fatal({ err: error, port: env.port }, "Wave could not listen on its port");
    if (replica) await closeWithin(replica, CLOSE_TIMEOUT_MS);
    await closeWithin(database, CLOSE_TIMEOUT_MS);
    process.exit(1);
  }
  log.info({ port: env.port }, "listening; /readyz answers 503 until the database is ready");

  booting = prepare(database, replica, boot.signal);
  let prepared: Prepared;
  try {
    prepared = await booting;
  } catch (error) {
    if (stopping) return;
    log.fatal({ err: error }, "Wave could not start");
    await shutdown("start-up failure", 1);
    return;
  }
  if (stopping) return;
  http.setHandler(prepared.app);
  log.info({ port: env.port, startupMs: Date.now() - startedAt }, `Wave is ready at http://localhost:${env.port}`);
}

interface Prepared {
  app: Express;
  changeFeed: ChangeFeed;
  stopSummaryRefresh: () => Promise<void>;
}

/** Everything between an open port and a ready app: the dev client, the database's schema, live updates. */
async function prepare(database: WaveDatabase, replica: WaveDatabase | undefined, signal: AbortSignal): Promise<Prepared> {
  const paths = clientPaths(REPO_ROOT);
  const clientMiddleware = env.dev ? await createClientDevMiddleware(paths) : undefined;

  const changeFeed = await retryWithBackoff(
    async (attempt) => {
      signal.throwIfAborted();
      const applied = await migrateToLatest(database.db);
      if (applied.length > 0) log.info({ migrations: applied }, "migrations applied");
      // Demo data only ever goes into an empty embedded database: never into a server someone configured.
      if (database.kind === "embedded" && (await isDatabaseEmpty(database.db))) {
        const summary = await seedDemo(database.db);
        log.info(summary, "demo practices seeded");
        printDemoSignIns();
      }
      signal.throwIfAborted();
      const feed = await startChangeFeed(database, log);
      if (attempt > 1) log.info({ attempts: attempt }, "database answering");
      return feed;
    },
    {
      backoff: DATABASE_BACKOFF,
      retryable: isDatabaseUnavailable,
      // Attempt, delay and a code: an error's text may quote the connection string.
      onRetry: ({ attempt, delayMs, error }) =>
        log.warn({ attempt, delayMs, code: databaseUnavailableReason(error) }, "database not answering; trying again"),
      signal,
    },
  );

  const app = createApp({
    db: database.db,
    readDb: replica?.db,
    log,
    clientDist: paths.dist,
    clientMiddleware,
    attemptLimits: env.attemptLimits,
    counterPool: database.counterPool,
    trustProxy: env.trustProxy,
    smallCellThreshold: env.smallCellThreshold,
    changeFeed,
    probe: () => database.probe(),
    cancelBackend: env.cancelOnDisconnect ? database.cancelBackend : undefined,
    databaseKind: database.kind,
    transactionLimits: env.transactionLimits,
    analytics: env.analytics,
  });
  // Keeps the caseload's summaries current as time passes (docs/decisions/0026).
  const stopSummaryRefresh = startSummaryRefresh(database.db, log);
  return { app, changeFeed, stopSummaryRefresh };
}

/** The value `work` settles with by `deadline`, or undefined (failed, or still running). */
async function settledBy<T>(work: Promise<T>, deadline: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(deadline - Date.now(), 0));
  });
  try {
    return await Promise.race([work.catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function closeWithin(database: WaveDatabase, ms: number): Promise<boolean> {
  const closed = database.close().then(
    () => true,
    (error: unknown) => {
      log.error({ err: error }, "closing the database failed");
      return false;
    },
  );
  return (await settledBy(closed, Date.now() + ms)) ?? false;
}

function printDemoSignIns(): void {
  const lines = DEMO_SIGN_INS.map((user) => `  ${user.email.padEnd(26)} ${user.role.padEnd(11)} ${user.practice}`);
  process.stdout.write(`\nDemo sign-ins (password: ${DEMO_PASSWORD}):\n${lines.join("\n")}\n\n`);
}

main().catch((error: unknown) => {
  // The operator needs the sentence naming what to do, not a stack.
  if (error instanceof ClientNotBuiltError) {
    log.fatal({ missing: error.missing }, "the client is not built");
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  if (error instanceof DataDirLockedError) {
    log.fatal({ dataDir: error.dataDir, holderPid: error.holder?.pid }, "DATA_DIR is in use by another process");
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  log.fatal({ err: error }, "Wave could not start");
  process.exit(1);
});

/**
 * A throwaway Wave for the browser tests: a fresh, migrated database and the
 * built client (`pnpm test:e2e` builds it), on PORT (default 3123). The database is the one the
 * Playwright config named (e2e/database.ts), created on the Postgres server
 * of TEST_DATABASE_URL (default: the local one), because the tests write
 * their own practices into it from other processes (docs/decisions/0025).
 * It is dropped again when Playwright stops this process (SIGTERM) or on Ctrl-C.
 * Run it as `node --import tsx e2e/serve.ts` (one process, so the signal
 * reaches this code and nothing kills it halfway through cleaning up).
 */
import type { Server } from "node:http";
import { migrateToLatest, openServerDatabase, type WaveDatabase } from "@wave/db";
import { createServerDatabase, dropServerDatabase } from "@wave/db/testing";
import { assertClientBuilt, clientPaths, createApp, createLogger, REPO_ROOT, startChangeFeed } from "@wave/server";
import { e2eDatabaseName, e2eServerUrl } from "./database";

const port = Number(process.env.PORT ?? "3123");
const log = createLogger(process.env.LOG_LEVEL ?? "warn");

/** Undo steps, run newest first on the way out. */
const cleanups: { name: string; run: () => Promise<void> }[] = [];

async function openTestDatabase(): Promise<WaveDatabase> {
  const serverUrl = e2eServerUrl();
  const name = e2eDatabaseName();
  let url: string;
  try {
    url = await createServerDatabase(serverUrl, name);
  } catch (error) {
    const where = new URL(serverUrl).host;
    throw new Error(`The end-to-end tests need a Postgres server; none let us create a database at ${where}. Start one, or point TEST_DATABASE_URL at one.`, { cause: error });
  }
  cleanups.push({ name: `drop database ${name}`, run: () => dropServerDatabase(serverUrl, name) });
  log.info({ database: name }, "e2e database created");
  return openServerDatabase({ connectionString: url });
}

let stopping = false;
async function stop(exitCode: number): Promise<void> {
  // A second signal (Ctrl-C twice, a supervisor repeating itself) must not cut the cleanup short.
  if (stopping) return;
  stopping = true;
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup.run();
    } catch (error) {
      log.error({ err: error }, `e2e cleanup failed: ${cleanup.name}`);
      exitCode = 1;
    }
  }
  process.exit(exitCode);
}

process.on("SIGTERM", () => void stop(0));
process.on("SIGINT", () => void stop(0));

async function main(): Promise<void> {
  const database = await openTestDatabase();
  cleanups.push({ name: "close database", run: () => database.close() });
  // No demo data: each test seeds the practice it needs (e2e/fixtures.ts).
  await migrateToLatest(database.db);

  const changeFeed = await startChangeFeed(database, log);
  cleanups.push({ name: "stop live updates", run: () => changeFeed.stop() });

  // `pnpm test:e2e` builds the client first; the server never builds it itself.
  const paths = clientPaths(REPO_ROOT);
  assertClientBuilt(paths);

  // databaseKind as in main.ts: on a server, each request pins one pooled connection (docs/decisions/0016).
  const app = createApp({ db: database.db, databaseKind: database.kind, counterPool: database.counterPool, log, clientDist: paths.dist, trustProxy: false, changeFeed });
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(port, "127.0.0.1", () => resolve(listening));
    listening.once("error", reject);
  });
  cleanups.push({
    name: "close HTTP server",
    run: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  process.stdout.write(`e2e Wave ready at http://127.0.0.1:${port} (${database.kind} database)\n`);
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, "e2e server could not start");
  void stop(1);
});

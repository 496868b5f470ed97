/**
 * A throwaway Wave for the browser tests: a fresh database seeded with the
 * demo practices, the built client, and the app on PORT (default 3123).
 * With TEST_DATABASE_URL it creates `wave_e2e_<random>` on that server;
 * otherwise it runs embedded Postgres in a new temp directory. Either is
 * removed again when Playwright stops this process (SIGTERM) or on Ctrl-C.
 * Run it as `node --import tsx e2e/serve.ts` (one process, so the signal
 * reaches this code and nothing kills it halfway through cleaning up).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { rm } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { migrateToLatest, openDatabase, type WaveDatabase } from "@wave/db";
import { seedDemo } from "@wave/db/seed";
import { clientPaths, createApp, createLogger, ensureClientBuilt, REPO_ROOT, startChangeFeed } from "@wave/server";

const port = Number(process.env.PORT ?? "3123");
const serverUrl = process.env.TEST_DATABASE_URL;
const log = createLogger(process.env.LOG_LEVEL ?? "warn");

/** Undo steps, run newest first on the way out. */
const cleanups: { name: string; run: () => Promise<void> }[] = [];

async function createServerDatabase(adminUrl: string): Promise<{ url: string; name: string }> {
  const name = `wave_e2e_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  cleanups.push({
    name: `drop database ${name}`,
    run: async () => {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      try {
        await dropper.query(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), name };
}

function createTempDataDir(): string {
  const directory = mkdtempSync(path.join(tmpdir(), "wave-e2e-"));
  // Belt and braces: even if the orderly shutdown is cut short, the directory goes.
  process.once("exit", () => rmSync(directory, { recursive: true, force: true }));
  cleanups.push({
    name: `remove ${directory}`,
    run: () => rm(directory, { recursive: true, force: true }),
  });
  return directory;
}

async function openTestDatabase(): Promise<WaveDatabase> {
  if (serverUrl) {
    const { url, name } = await createServerDatabase(serverUrl);
    log.info({ database: name }, "e2e database created");
    return openDatabase({ databaseUrl: url, dataDir: "" });
  }
  return openDatabase({ dataDir: createTempDataDir() });
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
  await migrateToLatest(database.db);
  await seedDemo(database.db);

  const changeFeed = await startChangeFeed(database, log);
  cleanups.push({ name: "stop live updates", run: () => changeFeed.stop() });

  const paths = clientPaths(REPO_ROOT);
  await ensureClientBuilt(paths, log);

  // The tests sign in many times from one address: the sign-in limit must not get in their way.
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

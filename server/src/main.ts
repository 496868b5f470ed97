import type { Server } from "node:http";
import { migrateToLatest, openDatabase } from "@wave/db";
import { DEMO_PASSWORD, DEMO_SIGN_INS, isDatabaseEmpty, seedDemo } from "@wave/db/seed";
import { createApp } from "./app.js";
import { parseEnv, REPO_ROOT } from "./env.js";
import { clientPaths, createClientDevMiddleware, ensureClientBuilt } from "./http/client-assets.js";
import { startChangeFeed } from "./live/change-feed.js";
import { createLogger } from "./logger.js";

const env = parseEnv();
const log = createLogger(env.logLevel);

async function main(): Promise<void> {
  const startedAt = Date.now();
  const database = await openDatabase({
    databaseUrl: env.databaseUrl,
    dataDir: env.dataDir,
    onPoolError: (error) => log.warn({ err: error }, "idle database connection lost; it will be replaced"),
  });
  log.info({ database: database.kind, ...(database.kind === "embedded" ? { dataDir: env.dataDir } : {}) }, "database opened");

  const applied = await migrateToLatest(database.db);
  if (applied.length > 0) log.info({ migrations: applied }, "migrations applied");

  // Demo data only ever goes into an empty embedded database: never into a server someone configured.
  if (database.kind === "embedded" && (await isDatabaseEmpty(database.db))) {
    const summary = await seedDemo(database.db);
    log.info(summary, "demo practices seeded");
    printDemoSignIns();
  }

  const changeFeed = await startChangeFeed(database, log);

  const paths = clientPaths(REPO_ROOT);
  const clientMiddleware = env.dev ? await createClientDevMiddleware(paths) : undefined;
  if (!env.dev) await ensureClientBuilt(paths, log);

  const app = createApp({
    db: database.db,
    log,
    clientDist: paths.dist,
    clientMiddleware,
    loginRateLimit: env.loginRateLimit,
    trustProxy: env.trustProxy,
    smallCellThreshold: env.smallCellThreshold,
    changeFeed,
  });
  const server: Server = app.listen(env.port, () => {
    log.info({ port: env.port, startupMs: Date.now() - startedAt }, `Wave is ready at http://localhost:${env.port}`);
  });

  // A second Ctrl-C must not cut the shutdown short: embedded Postgres writes
  // its files on close.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    // Open event streams would hold server.close() open: they end first.
    void changeFeed.stop().finally(() => {
      server.close(() => {
        database.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      });
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

function printDemoSignIns(): void {
  const lines = DEMO_SIGN_INS.map((user) => `  ${user.email.padEnd(26)} ${user.role.padEnd(11)} ${user.practice}`);
  process.stdout.write(`\nDemo sign-ins (password: ${DEMO_PASSWORD}):\n${lines.join("\n")}\n\n`);
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, "Wave could not start");
  process.exit(1);
});

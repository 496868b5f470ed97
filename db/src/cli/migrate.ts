import { openDatabase } from "../connection.js";
import { DataDirLockedError } from "../data-dir-lock.js";
import { parseDatabaseEnv } from "../env.js";
import { migrateToLatest } from "../migrate.js";

// `pnpm db:migrate`: applies pending migrations to DATABASE_URL or the embedded database.
const config = parseDatabaseEnv(process.env);
const database = await openDatabase(config).catch((error: unknown) => {
  // Another process holds DATA_DIR: the sentence naming it, not a stack.
  if (!(error instanceof DataDirLockedError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
try {
  const applied = await migrateToLatest(database.db);
  const where = config.databaseUrl ? "the Postgres server" : `embedded Postgres in ${config.dataDir}`;
  process.stdout.write(
    applied.length > 0 ? `Applied ${applied.length} migration(s) to ${where}:\n  ${applied.join("\n  ")}\n` : `Nothing to migrate on ${where}.\n`,
  );
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : "Migration failed"}\n`);
  process.exitCode = 1;
} finally {
  await database.close();
}

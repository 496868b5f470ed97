import { restoreDatabase } from "../backup.js";
import { parseDatabaseEnv, resolveUserPath } from "../env.js";
import { describeTarget, formatSize, runBackupCommand } from "./backup-cli.js";

const USAGE = `Usage: pnpm db:restore --file PATH [--force]

  --file PATH  a backup written by pnpm db:backup
  --force      replace the contents of a database that is not empty

Restores into DATABASE_URL's database with pg_restore, or, when DATABASE_URL
is unset, into the embedded DATA_DIR (default ./.data). Without --force the
target must be empty; with it, its contents are replaced, all or nothing.
Stop Wave first.`;

const config = parseDatabaseEnv(process.env);
process.exitCode = await runBackupCommand(
  USAGE,
  process.argv.slice(2),
  ({ file, force }) => restoreDatabase(config, { file: resolveUserPath(process.env, file), force }),
  (result) =>
    `Restored ${result.file} (${formatSize(result.bytes)}) into ${describeTarget(result)} in ` +
    `${(result.ms / 1000).toFixed(1)} s; migrations up to ${result.latestMigration ?? "none"}.`,
);

import { backupDatabase } from "../backup.js";
import { parseDatabaseEnv, resolveUserPath } from "../env.js";
import { describeTarget, formatSize, runBackupCommand } from "./backup-cli.js";

const USAGE = `Usage: pnpm db:backup --file PATH [--force]

  --file PATH  where to write the backup (readable by you only)
  --force      overwrite PATH if it exists

Backs up DATABASE_URL's database with pg_dump (custom format), or, when
DATABASE_URL is unset, the embedded database in DATA_DIR (default ./.data)
as a gzipped tarball; stop Wave first in embedded mode.`;

const config = parseDatabaseEnv(process.env);
process.exitCode = await runBackupCommand(
  USAGE,
  process.argv.slice(2),
  ({ file, force }) => backupDatabase(config, { file: resolveUserPath(process.env, file), force }),
  (result) =>
    `Backed up ${describeTarget(result)} to ${result.file} (${formatSize(result.bytes)}, migrations up to ` +
    `${result.latestMigration ?? "none"}) in ${(result.ms / 1000).toFixed(1)} s.`,
);

import { parseArgs } from "node:util";
import { BackupError, type BackupProblem, type BackupResult } from "../backup.js";
import { DataDirLockedError } from "../data-dir-lock.js";

/** Exit codes of `pnpm db:backup` and `pnpm db:restore` (README, "Backups"). */
export const EXIT_CODES = {
  done: 0,
  failed: 1,
  usage: 2,
  file: 3,
  format: 4,
  target: 5,
  locked: 6,
} as const satisfies Record<BackupProblem | "done" | "usage" | "locked", number>;

export class UsageError extends Error {}

export interface BackupCommandArgs {
  file: string;
  force: boolean;
}

export function parseBackupArgs(args: string[]): BackupCommandArgs {
  let values;
  try {
    values = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: { file: { type: "string" }, force: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) throw new UsageError("");
  if (!values.file?.trim()) throw new UsageError("--file PATH is required");
  return { file: values.file, force: values.force ?? false };
}

/** Runs one command: prints what happened (paths, sizes, times; never a row) and returns the exit code. */
export async function runBackupCommand(usage: string, args: string[], run: (parsed: BackupCommandArgs) => Promise<BackupResult>, done: (result: BackupResult) => string): Promise<number> {
  let parsed: BackupCommandArgs;
  try {
    parsed = parseBackupArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) process.stderr.write(`${error.message}\n\n`);
    process.stderr.write(`${usage}\n`);
    return EXIT_CODES.usage;
  }
  try {
    const result = await run(parsed);
    process.stdout.write(`${done(result)}\n`);
    return EXIT_CODES.done;
  } catch (error) {
    if (error instanceof BackupError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT_CODES[error.problem];
    }
    if (error instanceof DataDirLockedError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT_CODES.locked;
    }
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_CODES.failed;
  }
}

export function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(0)} kB`;
}

export function describeTarget(result: BackupResult): string {
  return result.engine === "embedded" ? `the embedded database in ${result.target}` : `the Postgres database ${result.target}`;
}

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, stat, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { CompiledQuery, sql, type Kysely } from "kysely";
import pg from "pg";
import { openEmbeddedDatabase } from "./connection.js";
import { lockDataDir } from "./data-dir-lock.js";
import type { DatabaseConfig } from "./env.js";
import type { Database } from "./schema.js";

/**
 * Backups of either engine (docs/decisions/0017-backups.md): a Postgres
 * server through pg_dump's custom format and pg_restore; the embedded store
 * as PGlite's own dump of its data directory, a gzipped tarball. A backup
 * holds health data: files are written readable by their owner only, and
 * nothing here prints a row.
 */

export type BackupEngine = "embedded" | "server";

/** Why a backup or restore did not happen; the CLIs turn each into an exit code. */
export type BackupProblem =
  /** The file: missing or unreadable (restore), already there (backup without --force). */
  | "file"
  /** The file is not a Wave backup for this engine. */
  | "format"
  /** The restore target holds data (without --force), or there is nothing to back up. */
  | "target"
  /** pg_dump, pg_restore or PGlite failed; nothing was replaced. */
  | "failed";

export class BackupError extends Error {
  override name = "BackupError";
  constructor(
    readonly problem: BackupProblem,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface BackupOptions {
  file: string;
  /** Overwrite an existing file (backup) or replace a database that holds data (restore). */
  force?: boolean;
}

export interface BackupResult {
  engine: BackupEngine;
  /** What was backed up or restored into, without credentials. */
  target: string;
  file: string;
  bytes: number;
  ms: number;
  /** The last migration the backed-up or restored database had applied. */
  latestMigration: string | undefined;
}

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);
const PG_DUMP_MAGIC = "PGDMP";
const GZIP_MAGIC = [0x1f, 0x8b] as const;
// A restore that meets the tables in use (Wave still running on them) fails
// after this rather than queueing every request behind it.
const RESTORE_LOCK_TIMEOUT = "10s";

/** Writes a backup of the configured database (DATABASE_URL, else DATA_DIR) to `options.file`. */
export async function backupDatabase(config: DatabaseConfig, options: BackupOptions): Promise<BackupResult> {
  if (!options.force && existsSync(options.file)) {
    throw new BackupError("file", `${options.file} already exists: choose another file, or add --force to overwrite it.`);
  }
  return config.databaseUrl ? backupServer(config.databaseUrl, options) : backupEmbedded(config.dataDir, options);
}

/** Restores `options.file` into the configured database (DATABASE_URL, else DATA_DIR). */
export async function restoreDatabase(config: DatabaseConfig, options: BackupOptions): Promise<BackupResult> {
  const engine = await detectBackupEngine(options.file);
  const wanted: BackupEngine = config.databaseUrl ? "server" : "embedded";
  if (engine === undefined) {
    throw new BackupError("format", `${options.file} is not a Wave backup (neither an embedded tarball nor a pg_dump archive).`);
  }
  if (engine !== wanted) {
    throw new BackupError(
      "format",
      engine === "server"
        ? `${options.file} is a backup of a Postgres server (pg_dump): set DATABASE_URL to the server to restore it into.`
        : `${options.file} is a backup of an embedded store: unset DATABASE_URL and set DATA_DIR to restore it.`,
    );
  }
  return config.databaseUrl ? restoreServer(config.databaseUrl, options) : restoreEmbedded(config.dataDir, options);
}

/** What kind of backup a file holds, from its first bytes; undefined for anything else. */
export async function detectBackupEngine(file: string): Promise<BackupEngine | undefined> {
  const head = await readHead(file, 8);
  if (head.subarray(0, PG_DUMP_MAGIC.length).toString("latin1") === PG_DUMP_MAGIC) return "server";
  if (head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]) return "embedded";
  return undefined;
}

// ---------------------------------------------------------------- embedded

async function backupEmbedded(dataDir: string, options: BackupOptions): Promise<BackupResult> {
  const started = performance.now();
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    throw new BackupError("target", `DATA_DIR ${dataDir} holds no database: there is nothing to back up.`);
  }
  // Takes the data directory's lock: refused while Wave runs on it.
  const database = await openEmbeddedDatabase({ dataDir });
  let tarball: Buffer;
  let latestMigration: string | undefined;
  try {
    latestMigration = await readLatestMigration(embeddedQuery(database.db));
    if (!latestMigration) throw new BackupError("target", `DATA_DIR ${dataDir} holds no Wave database: there is nothing to back up.`);
    // Data pages on disk, not only in the WAL: the tarball needs no recovery.
    await sql`checkpoint`.execute(database.db);
    if (!database.dumpDataDir) throw new Error("the embedded database cannot be dumped");
    tarball = Buffer.from(await (await database.dumpDataDir()).arrayBuffer());
  } finally {
    await database.close();
  }
  const bytes = await writePrivately(options.file, await gzipAsync(tarball));
  return { engine: "embedded", target: dataDir, file: options.file, bytes, ms: performance.now() - started, latestMigration };
}

async function restoreEmbedded(dataDir: string, options: BackupOptions): Promise<BackupResult> {
  const started = performance.now();
  const tarball = await readEmbeddedBackup(options.file);
  if ((await entriesIn(dataDir)).length > 0 && !options.force) {
    throw new BackupError("target", `DATA_DIR ${dataDir} is not empty: restore into an empty directory, or add --force to replace its contents.`);
  }
  await mkdir(dataDir, { recursive: true });
  // Held throughout: no Wave process may open the store while it is replaced.
  const lock = await lockDataDir(dataDir);
  const target = lock.dataDir;
  const staging = `${target}.restoring-${randomBytes(4).toString("hex")}`;
  try {
    let latestMigration: string | undefined;
    try {
      // The backup is loaded and opened beside the store first: a backup that
      // does not open leaves the current contents as they were.
      const restored = await openEmbeddedDatabase({ dataDir: staging, loadDataDir: new Blob([tarball], { type: "application/x-tar" }) });
      try {
        latestMigration = await readLatestMigration(embeddedQuery(restored.db));
      } finally {
        await restored.close();
      }
    } catch (error) {
      await removeStaging(staging);
      throw new BackupError("failed", `${options.file} could not be restored: ${describe(error)}. DATA_DIR is unchanged.`, { cause: error });
    }
    if (!latestMigration) {
      await removeStaging(staging);
      throw new BackupError("format", `${options.file} holds a Postgres database that is not Wave's (no migrations). DATA_DIR is unchanged.`);
    }
    const replaced = `${target}.replaced-${randomBytes(4).toString("hex")}`;
    await rename(target, replaced);
    try {
      await rename(staging, target);
    } catch (error) {
      await rename(replaced, target);
      await removeStaging(staging);
      throw error;
    }
    await rm(replaced, { recursive: true, force: true });
    await rm(`${staging}.lock`, { recursive: true, force: true });
    const bytes = (await stat(options.file)).size;
    return { engine: "embedded", target, file: options.file, bytes, ms: performance.now() - started, latestMigration };
  } finally {
    await lock.release();
  }
}

/** The backup's tarball, checked to be a Postgres data directory. */
async function readEmbeddedBackup(file: string): Promise<Buffer> {
  let tarball: Buffer;
  try {
    tarball = await gunzipAsync(await readFile(file));
  } catch (error) {
    throw new BackupError("format", `${file} is not a Wave backup: it does not unpack (${describe(error)}).`, { cause: error });
  }
  if (!tarEntryNames(tarball).includes("PG_VERSION")) {
    throw new BackupError("format", `${file} is not a Wave backup: the tarball holds no Postgres data directory.`);
  }
  return tarball;
}

/** Names in a tar archive, without a leading slash (ustar headers: name, size, prefix). */
export function tarEntryNames(tarball: Uint8Array): string[] {
  const names: string[] = [];
  const text = (from: number, length: number) => {
    const bytes = tarball.subarray(from, from + length);
    const end = bytes.indexOf(0);
    return Buffer.from(end === -1 ? bytes : bytes.subarray(0, end)).toString("utf8");
  };
  for (let offset = 0; offset + 512 <= tarball.length; ) {
    const name = text(offset, 100);
    if (name === "") break;
    const size = Number.parseInt(text(offset + 124, 12).trim() || "0", 8);
    const prefix = text(offset + 257, 6).startsWith("ustar") ? text(offset + 345, 155) : "";
    names.push((prefix ? `${prefix}/${name}` : name).replace(/^\/+/, ""));
    if (!Number.isFinite(size) || size < 0) break;
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

async function removeStaging(staging: string): Promise<void> {
  await rm(staging, { recursive: true, force: true });
  await rm(`${staging}.lock`, { recursive: true, force: true });
}

// ------------------------------------------------------------------ server

async function backupServer(databaseUrl: string, options: BackupOptions): Promise<BackupResult> {
  const started = performance.now();
  const connection = toolConnection(databaseUrl);
  const latestMigration = await withClient(databaseUrl, (query) => readLatestMigration(query));
  if (!latestMigration) throw new BackupError("target", `The database ${connection.shown} holds no Wave tables: there is nothing to back up.`);
  const partial = partialPath(options.file);
  const output = await open(partial, "wx", 0o600);
  try {
    const dump = await runTool("pg_dump", ["--format=custom", "--no-password", `--dbname=${connection.url}`], connection.env, output);
    if (dump.code !== 0) throw new BackupError("failed", `pg_dump failed (exit code ${dump.code}):\n${dump.errors}`);
    await output.sync();
    await output.close();
    // The archive must read back before it replaces anything.
    const check = await runTool("pg_restore", ["--list", partial], process.env, "capture");
    if (check.code !== 0 || !listsWaveTables(check.output)) {
      throw new BackupError("failed", `The new backup does not read back:\n${check.errors}`);
    }
    await rename(partial, options.file);
  } catch (error) {
    await output.close().catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  }
  const bytes = (await stat(options.file)).size;
  return { engine: "server", target: connection.shown, file: options.file, bytes, ms: performance.now() - started, latestMigration };
}

async function restoreServer(databaseUrl: string, options: BackupOptions): Promise<BackupResult> {
  const started = performance.now();
  const connection = toolConnection(databaseUrl);
  const contents = await runTool("pg_restore", ["--list", options.file], process.env, "capture");
  if (contents.code !== 0) throw new BackupError("format", `${options.file} is not a readable pg_dump archive:\n${contents.errors}`);
  if (!listsWaveTables(contents.output)) {
    throw new BackupError("format", `${options.file} holds a database that is not Wave's (no migrations table).`);
  }
  await withClient(databaseUrl, async (query) => {
    const objects = await query(
      `select count(*)::int as count from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
          and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'`,
    );
    if (Number(objects.rows[0]?.count ?? 0) > 0 && !options.force) {
      throw new BackupError(
        "target",
        `The database ${connection.shown} is not empty: restore into an empty database, or add --force to replace its contents.`,
      );
    }
    // Roles belong to the cluster, not the database, so pg_dump leaves them
    // out; the grants and policies in the backup name wave_app (as the
    // initial migration creates it).
    await query(`do $$ begin create role wave_app nologin; exception when duplicate_object then null; end $$`);
    await query(`do $$ begin execute format('grant wave_app to %I', current_user); exception when others then null; end $$`);
  });
  // One transaction: a restore that fails leaves the database as it was.
  // --no-owner: objects belong to the restoring user, as after migrations.
  const args = ["--no-owner", "--single-transaction", "--exit-on-error", "--no-password", `--dbname=${connection.url}`];
  if (options.force) args.push("--clean", "--if-exists");
  const env = { ...connection.env, PGOPTIONS: `-c lock_timeout=${RESTORE_LOCK_TIMEOUT}` };
  const restore = await runTool("pg_restore", [...args, options.file], env);
  if (restore.code !== 0) {
    throw new BackupError("failed", `pg_restore failed (exit code ${restore.code}); the database is unchanged:\n${restore.errors}`);
  }
  const latestMigration = await withClient(databaseUrl, (query) => readLatestMigration(query));
  const bytes = (await stat(options.file)).size;
  return { engine: "server", target: connection.shown, file: options.file, bytes, ms: performance.now() - started, latestMigration };
}

interface ToolConnection {
  /** The URL without its password, which travels in PGPASSWORD: never on a command line others can read. */
  url: string;
  env: NodeJS.ProcessEnv;
  /** host:port/database, for messages. */
  shown: string;
}

function toolConnection(databaseUrl: string): ToolConnection {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = "";
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (password) env.PGPASSWORD = password;
  const shown = `${url.hostname || "localhost"}:${url.port || "5432"}${url.pathname}`;
  return { url: url.toString(), env, shown };
}

type Query = (text: string) => Promise<{ rows: readonly Record<string, unknown>[] }>;

function embeddedQuery(db: Kysely<Database>): Query {
  return (text) => db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text));
}

/** pg_restore --list names each table's data as `TABLE DATA public <name>`. */
function listsWaveTables(listing: string): boolean {
  return /\bTABLE public kysely_migration\b/.test(listing);
}

async function withClient<T>(databaseUrl: string, work: (query: Query) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
  } catch (error) {
    throw new BackupError("failed", `Cannot connect to the database: ${describe(error)}`, { cause: error });
  }
  try {
    return await work((text) => client.query<Record<string, unknown>>(text));
  } finally {
    await client.end();
  }
}

/** Undefined when the database has never been migrated. */
async function readLatestMigration(query: Query): Promise<string | undefined> {
  const exists = await query(`select to_regclass('public.kysely_migration') is not null as exists`);
  if (exists.rows[0]?.exists !== true) return undefined;
  const latest = await query(`select name from kysely_migration order by name desc limit 1`);
  const name = latest.rows[0]?.name;
  return typeof name === "string" ? name : undefined;
}

interface ToolResult {
  code: number;
  /** stdout, when asked to capture it (listings: object names only). */
  output: string;
  /** stderr, reduced to what cannot carry a row (see sanitiseToolErrors). */
  errors: string;
}

async function runTool(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  stdout?: FileHandle | "capture",
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const out = stdout === "capture" ? "pipe" : stdout ? stdout.fd : "ignore";
    const child = spawn(command, args, { env, stdio: ["ignore", out, "pipe"] });
    let output = "";
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      output += chunk;
    });
    let stderr = "";
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      if (stderr.length < 64_000) stderr += chunk;
    });
    child.on("error", (error) => {
      reject(
        errorCode(error) === "ENOENT"
          ? new BackupError("failed", `${command} was not found: install the PostgreSQL client tools (the server's version or newer).`)
          : error,
      );
    });
    child.on("close", (code) => resolve({ code: code ?? 1, output, errors: sanitiseToolErrors(stderr) }));
  });
}

/**
 * pg_dump and pg_restore quote rows in DETAIL ("Key (...)=(...)", "Failing
 * row contains"), CONTEXT ("COPY episodes, line 3: ...") and input-syntax
 * errors. Only their own lines are kept, with quoted values removed.
 */
export function sanitiseToolErrors(stderr: string): string {
  const lines = stderr
    .split("\n")
    .filter((line) => /^(pg_dump|pg_restore): /.test(line))
    .map((line) => line.replace(/(invalid input (?:syntax|value) for [^:]*): .*/i, "$1: [value withheld]"))
    .map((line) => line.replace(/(Failing row contains|Key \().*/i, "[row withheld]"));
  const text = lines.slice(0, 20).join("\n") || "(no message)";
  return /row-level security/i.test(text)
    ? `${text}\nRun backups and restores as a superuser or a role WITH BYPASSRLS: the tables force row-level security.`
    : text;
}

// ------------------------------------------------------------------- files

function partialPath(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.partial-${randomBytes(4).toString("hex")}`);
}

/** Writes next to `file` and renames into place: a failed write never leaves a truncated backup. */
async function writePrivately(file: string, contents: Buffer): Promise<number> {
  const partial = partialPath(file);
  const handle = await open(partial, "wx", 0o600);
  try {
    await handle.writeFile(contents);
    await handle.sync();
    await handle.close();
    await rename(partial, file);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  }
  return contents.length;
}

async function readHead(file: string, length: number): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    const reason = errorCode(error) === "ENOENT" ? "does not exist" : `cannot be read (${describe(error)})`;
    throw new BackupError("file", `${file} ${reason}.`, { cause: error });
  }
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } catch (error) {
    throw new BackupError("file", `${file} cannot be read (${describe(error)}).`, { cause: error });
  } finally {
    await handle.close();
  }
}

async function entriesIn(directory: string): Promise<string[]> {
  try {
    return await readdir(directory);
  } catch (error) {
    if (errorCode(error) === "ENOENT") return [];
    throw error;
  }
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

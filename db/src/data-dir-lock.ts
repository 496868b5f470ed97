import { randomBytes } from "node:crypto";
import { readFileSync, rmdirSync, unlinkSync } from "node:fs";
import { mkdir, readFile, realpath, rename, rm, rmdir, stat, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import lockfile from "proper-lockfile";
import { z } from "zod";

/**
 * One writer per embedded store (docs/decisions/0018-one-writer-per-data-dir.md).
 * Beside DATA_DIR, never inside it (PGlite's dump would carry it into every
 * backup), `<DATA_DIR>.lock/` holds, while the store is open:
 *   writer/      proper-lockfile's lock: created atomically, its mtime refreshed every LOCK_UPDATE_MS
 *   holder.json  who holds it, so that a refusal can name the process
 *   takeover/    present only while a process clears the lock of a holder that is gone
 */

/** How often the holder refreshes its lock. */
export const LOCK_UPDATE_MS = 5_000;
/**
 * When the holder cannot be checked by pid (another host on shared storage,
 * or no holder record), a lock not refreshed for this long is taken to be
 * abandoned. It must outlast any pause of a live holder: PGlite runs queries
 * on the main thread, so a long seed or query stalls the refresh timer.
 */
export const LOCK_STALE_MS = 30_000;
/** How long a lock without a holder record is taken to be one being set up. */
const RECORD_GRACE_MS = 2_000;
/** A takeover claim older than this was left by a process that died mid-way. */
const CLAIM_STALE_MS = 10_000;
// proper-lockfile would itself remove a lock whose mtime is old, without its
// holder record; here only this module decides that a holder is gone.
const NEVER_STALE_MS = Number.MAX_SAFE_INTEGER;

const Holder = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  startedAt: z.string(),
  lockedAt: z.string(),
  command: z.string(),
  /** Linux: the process' start time since boot and the boot's id, which tell a reused pid from the holder. */
  processStart: z.string().optional(),
  bootId: z.string().optional(),
  /** Tells one holding from the next, whatever the pid. */
  token: z.string(),
});
export type DataDirHolder = z.infer<typeof Holder>;

/** Another process holds the data directory: the message names it. */
export class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
  constructor(
    readonly dataDir: string,
    readonly holder: DataDirHolder | undefined,
    message: string,
  ) {
    super(message);
  }
}

export interface DataDirLock {
  readonly dataDir: string;
  readonly lockDir: string;
  /** Removes the lock; a no-op once released or lost. */
  release(): Promise<void>;
}

export interface LockDataDirOptions {
  /**
   * The lock was removed or taken by another process while held. By default
   * the process exits at once: carrying on would make two writers.
   */
  onLost?: (error: Error) => void;
}

// Lock folders this process holds, shared by every copy of this module that
// the process may load: a record with our pid is ours only if listed here,
// otherwise it is a previous process' (a container restarted under the same pid).
const REGISTRY: unique symbol = Symbol.for("@wave/db/data-dir-locks");
const processGlobal = globalThis as typeof globalThis & { [REGISTRY]?: Set<string> };
const heldHere = (processGlobal[REGISTRY] ??= new Set<string>());

/**
 * Takes the exclusive lock on `dataDir` (which must exist) or throws
 * DataDirLockedError naming the holder. A holder on this machine whose
 * process is gone (killed, crashed) is replaced at once; one that cannot be
 * checked by pid only once its lock has gone LOCK_STALE_MS without refresh.
 */
export async function lockDataDir(dataDir: string, options: LockDataDirOptions = {}): Promise<DataDirLock> {
  const target = await realpath(dataDir);
  const folder = `${target}.lock`;
  const paths = lockPaths(folder);
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    throw new Error(
      `Cannot create the lock ${folder} beside DATA_DIR ${target} (${errorCode(error) ?? String(error)}): ` +
        `Wave needs write access to the directory that contains DATA_DIR.`,
      { cause: error },
    );
  }

  let lost = false;
  const onCompromised = (error: Error) => {
    lost = true;
    heldHere.delete(folder);
    (options.onLost ?? exitAtOnce(target))(error);
  };

  let recordMissingSince: number | undefined;
  for (let attempt = 0; attempt < 1_000; attempt++) {
    let releaseWriter: (() => Promise<void>) | undefined;
    if (!heldHere.has(folder)) {
      try {
        releaseWriter = await lockfile.lock(target, {
          lockfilePath: paths.writer,
          realpath: false,
          stale: NEVER_STALE_MS,
          update: LOCK_UPDATE_MS,
          onCompromised,
        });
      } catch (error) {
        // ENOENT: a holder releasing just now removed the (empty) folder.
        if (errorCode(error) === "ENOENT") {
          await mkdir(folder, { recursive: true });
          continue;
        }
        if (errorCode(error) !== "ELOCKED") throw error;
      }
    }
    if (releaseWriter) return holdLock(target, folder, releaseWriter, () => lost);

    const holder = await readHolder(paths.holder);
    if (!holder) {
      recordMissingSince ??= Date.now();
      if (Date.now() - recordMissingSince < RECORD_GRACE_MS) {
        await sleep(50);
        continue;
      }
    }
    const verdict = holder ? judge(holder, folder) : "unknown";
    if (verdict === "alive") throw lockedError(target, folder, holder);
    if (verdict === "gone") {
      await takeOver(paths, holder?.token);
      continue;
    }
    // Unknown (another host, or no record): only the lock's refreshes tell.
    const age = await ageOf(paths.writer);
    if (age === undefined) continue;
    if (age >= LOCK_STALE_MS) {
      await takeOver(paths, holder?.token);
      continue;
    }
    if (age < 2 * LOCK_UPDATE_MS) throw lockedError(target, folder, holder);
    // Missed its refreshes: wait for it to refresh again or to go stale.
    await sleep(Math.min(1_000, LOCK_STALE_MS - age));
  }
  throw lockedError(target, folder, await readHolder(paths.holder));
}

function lockPaths(folder: string) {
  return {
    folder,
    writer: path.join(folder, "writer"),
    holder: path.join(folder, "holder.json"),
    claim: path.join(folder, "takeover"),
  };
}

async function holdLock(
  target: string,
  folder: string,
  releaseWriter: () => Promise<void>,
  isLost: () => boolean,
): Promise<DataDirLock> {
  const paths = lockPaths(folder);
  const self = describeThisProcess();
  const scratch = `${paths.holder}.${process.pid}.tmp`;
  await writeFile(scratch, `${JSON.stringify(self, null, 2)}\n`);
  await rename(scratch, paths.holder);
  heldHere.add(folder);

  let released = false;
  // process.exit() skips close(): leave no lock naming a process that is gone.
  const onExit = () => {
    if (released || isLost()) return;
    try {
      if (Holder.parse(JSON.parse(readFileSync(paths.holder, "utf8"))).token === self.token) unlinkSync(paths.holder);
    } catch {
      // Already gone, or not ours any more.
    }
    for (const directory of [paths.writer, folder]) {
      try {
        rmdirSync(directory);
      } catch {
        // proper-lockfile's exit hook may have removed the writer first; another process may be in the folder.
      }
    }
  };
  process.on("exit", onExit);

  return {
    dataDir: target,
    lockDir: folder,
    release: async () => {
      if (released) return;
      released = true;
      process.off("exit", onExit);
      heldHere.delete(folder);
      if (isLost()) return;
      // The record first: a crash in between leaves a lock without a record,
      // which is judged by its age, never a record pointing at the wrong lock.
      await unlink(paths.holder).catch(ignoreMissing);
      await releaseWriter();
      // Only if empty: no litter beside DATA_DIR once nobody holds it.
      await rmdir(folder).catch(() => undefined);
    },
  };
}

type Verdict = "alive" | "gone" | "unknown";

/** Whether the recorded holder still runs; only a process on this machine can be checked. */
function judge(holder: DataDirHolder, folder: string): Verdict {
  if (holder.hostname !== hostname()) return "unknown";
  if (holder.pid === process.pid) return heldHere.has(folder) ? "alive" : "gone";
  if (holder.bootId && holder.bootId !== readBootId()) return "gone";
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: it runs, as another user.
    if (errorCode(error) === "ESRCH") return "gone";
  }
  if (holder.processStart) {
    const now = readProcessStat(holder.pid);
    // The pid now belongs to a later process, or to a dead one not yet reaped.
    if (!now || now.start !== holder.processStart || now.state === "Z") return "gone";
  }
  return "alive";
}

/**
 * Clears the lock of a holder that is gone. Racing processes serialise on the
 * takeover claim, and each re-reads the record under it: only the lock that
 * was judged (same token) is ever moved away, never a newer holder's.
 */
async function takeOver(paths: ReturnType<typeof lockPaths>, judgedToken: string | undefined): Promise<void> {
  try {
    await mkdir(paths.claim);
  } catch (error) {
    if (errorCode(error) === "ENOENT") return;
    if (errorCode(error) !== "EEXIST") throw error;
    const age = await ageOf(paths.claim);
    if (age !== undefined && age > CLAIM_STALE_MS) await rmdir(paths.claim).catch(() => undefined);
    else await sleep(50);
    return;
  }
  try {
    const current = await readHolder(paths.holder);
    if (current?.token !== judgedToken) return;
    const aside = path.join(paths.folder, `gone-${process.pid}-${randomBytes(4).toString("hex")}`);
    try {
      await rename(paths.writer, aside);
    } catch (error) {
      if (errorCode(error) !== "ENOENT") throw error;
    }
    await unlink(paths.holder).catch(ignoreMissing);
    await rm(aside, { recursive: true, force: true });
  } finally {
    await rmdir(paths.claim).catch(() => undefined);
  }
}

function lockedError(target: string, folder: string, holder: DataDirHolder | undefined): DataDirLockedError {
  if (!holder) {
    return new DataDirLockedError(
      target,
      undefined,
      `DATA_DIR ${target} is in use by a process that has not recorded itself in ${folder}. ` +
        `If no Wave process is running, remove ${folder} and try again.`,
    );
  }
  const where = holder.hostname === hostname() ? "on this machine" : `on host ${holder.hostname}`;
  return new DataDirLockedError(
    target,
    holder,
    `DATA_DIR ${target} is in use by another Wave process: pid ${holder.pid} ${where}, ` +
      `started ${holder.startedAt} (${holder.command}). Only one process may open an embedded database ` +
      `at a time: stop that one first, or set DATA_DIR to another directory.`,
  );
}

function exitAtOnce(target: string) {
  return (error: Error) => {
    process.stderr.write(
      `Wave lost its lock on DATA_DIR ${target} (${error.message}): stopping now so that two processes never write it.\n`,
    );
    process.exit(1);
  };
}

function describeThisProcess(): DataDirHolder {
  const stat = readProcessStat(process.pid);
  const bootId = readBootId();
  const startedAt = new Date(Date.now() - Math.round(process.uptime() * 1000));
  // Enough to recognise the process (`node src/main.ts`); Wave's commands take no health data as arguments.
  const [, script, ...args] = process.argv;
  const shownScript = script && script.startsWith(process.cwd() + path.sep) ? path.relative(process.cwd(), script) : script;
  const command = [path.basename(process.argv0), ...(shownScript ? [shownScript] : []), ...args].join(" ").slice(0, 300);
  return {
    pid: process.pid,
    hostname: hostname(),
    startedAt: startedAt.toISOString(),
    lockedAt: new Date().toISOString(),
    command,
    ...(stat ? { processStart: stat.start } : {}),
    ...(bootId ? { bootId } : {}),
    token: randomBytes(12).toString("hex"),
  };
}

async function readHolder(file: string): Promise<DataDirHolder | undefined> {
  try {
    const parsed = Holder.safeParse(JSON.parse(await readFile(file, "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Linux only: state and start time (clock ticks since boot) from /proc/<pid>/stat. */
function readProcessStat(pid: number): { state: string; start: string } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: fields count from the last ')'.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    const state = fields[0];
    const start = fields[19];
    return state && start ? { state, start } : undefined;
  } catch {
    return undefined;
  }
}

function readBootId(): string | undefined {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

async function ageOf(file: string): Promise<number | undefined> {
  try {
    return Date.now() - (await stat(file)).mtimeMs;
  } catch (error) {
    if (errorCode(error) === "ENOENT") return undefined;
    throw error;
  }
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

function ignoreMissing(error: unknown): void {
  if (errorCode(error) !== "ENOENT") throw error;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DataDirLockedError,
  LOCK_STALE_MS,
  lockDataDir,
  migrateToLatest,
  openEmbeddedDatabase,
  REPO_ROOT,
  type WaveDatabase,
} from "@wave/db";
import { createTestPractice, openTestDatabase, TEST_ENV, TEST_PASSWORD, type TestPractice } from "@wave/db/testing";

// One writer per embedded store (issue 8; docs/decisions/0018-one-writer-per-data-dir.md),
// tried with real processes: a second Wave process on the same DATA_DIR is
// refused with a message naming the holder, `kill -9` under write load
// loses no acknowledged write, and a closed store opens again at once. On a
// Postgres server the same processes share one database, as several app
// processes do, and `kill -9` loses no acknowledged write either.

const serverUrl = process.env[TEST_ENV.serverUrl];
const WRITER = path.join(REPO_ROOT, "tests/support/store-writer.ts");
/** Acknowledged writes to collect before the writer is killed. */
const WRITES_BEFORE_KILL = 1_000;

interface Child {
  process: ChildProcess;
  pid: number;
  output(): string;
  lines(): string[];
  exited: Promise<number | null>;
}

function start(command: string[], cwd: string, env: Record<string, string>): Child {
  const [program, ...args] = command;
  if (!program) throw new Error("no command");
  const child = spawn(program, args, {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`${program} did not start`);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { process: child, pid: child.pid, output: () => output, lines: () => output.split("\n"), exited };
}

const nodeTsx = (script: string) => [process.execPath, "--import", "tsx", script];

function startWriter(env: Record<string, string>, practice: TestPractice): Child {
  return start(nodeTsx(WRITER), path.join(REPO_ROOT, "tests"), {
    ...env,
    WRITER_PRACTICE_ID: practice.practiceId,
    WRITER_CLIENT_ID: practice.clients[0][0],
  });
}

function startServer(env: Record<string, string>): Child {
  // WAVE_DEV: the client from source (as `pnpm dev`), so no client build is needed.
  return start(nodeTsx("src/main.ts"), path.join(REPO_ROOT, "server"), { LOG_LEVEL: "info", ...env });
}

async function until<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs: number, child?: Child): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (child && child.process.exitCode !== null) throw new Error(`${what}: the process exited first:\n${child.output()}`);
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${child ? `:\n${child.output()}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function exitedWithin(child: Child, timeoutMs: number): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms:\n${child.output()}`)), timeoutMs);
  });
  try {
    return await Promise.race([child.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function acknowledged(child: Child): string[] {
  return child
    .lines()
    .filter((line) => line.startsWith("ack "))
    .map((line) => line.slice(4));
}

async function storedIds(database: WaveDatabase, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let from = 0; from < ids.length; from += 500) {
    const rows = await database.db
      .selectFrom("episodes")
      .select("id")
      .where("id", "in", ids.slice(from, from + 500))
      .execute();
    for (const row of rows) found.add(row.id);
  }
  return found;
}

const children: Child[] = [];
afterAll(() => {
  for (const child of children) if (child.process.exitCode === null) child.process.kill("SIGKILL");
});

if (!serverUrl) {
  describe("an embedded store has one writer", () => {
    let dataDir: string;
    let practice: TestPractice;

    beforeAll(async () => {
      // A migrated store with a practice, so that a server started on it seeds no demo.
      dataDir = realpathSync(mkdtempSync(path.join(tmpdir(), "wave-store-")));
      const database = await openEmbeddedDatabase({ dataDir });
      await migrateToLatest(database.db);
      practice = await createTestPractice(database.db, "Store");
      await database.close();
    });
    afterAll(() => {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(`${dataDir}.lock`, { recursive: true, force: true });
    });

    it("refuses a second process on the same DATA_DIR, naming the directory and the holder, while the first keeps serving", async () => {
      const port = await freePort();
      const first = startServer({ DATA_DIR: dataDir, PORT: String(port), WAVE_DEV: "1" });
      children.push(first);
      const base = `http://127.0.0.1:${port}`;
      await until("the first server is ready", async () => ((await fetch(`${base}/readyz`).catch(() => undefined))?.status === 200 ? true : undefined), 90_000, first);

      // `pnpm start` beside `pnpm dev`: refused before it opens its port.
      const secondPort = await freePort();
      const second = startServer({ DATA_DIR: dataDir, PORT: String(secondPort) });
      children.push(second);
      const code = await exitedWithin(second, 60_000);
      expect(code).not.toBe(0);
      expect(second.output()).toContain(`DATA_DIR ${dataDir} is in use by another Wave process: pid ${first.pid} on this machine, started 20`);
      expect(await fetch(`http://127.0.0.1:${secondPort}/healthz`).catch(() => "refused")).toBe("refused");

      // `pnpm dev` (whose watcher would outlive a refused server) and the
      // database commands, which open the store the same way.
      const commands: [string[], string][] = [
        [["pnpm", "--silent", "dev"], REPO_ROOT],
        [nodeTsx("src/cli/migrate.ts"), path.join(REPO_ROOT, "db")],
        [[...nodeTsx("src/cli/backup.ts"), "--file", path.join(dataDir, "..", "never-written.tar.gz")], path.join(REPO_ROOT, "db")],
      ];
      for (const [command, cwd] of commands) {
        const refused = start(command, cwd, { DATA_DIR: dataDir, PORT: String(secondPort) });
        children.push(refused);
        expect(await exitedWithin(refused, 60_000), command.join(" ")).not.toBe(0);
        expect(refused.output()).toContain(`DATA_DIR ${dataDir} is in use by another Wave process: pid ${first.pid}`);
      }

      // The first still serves, database included: a sign-in reads and writes.
      const login = await fetch(`${base}/trpc/auth.login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: practice.lead.email, password: TEST_PASSWORD }),
      });
      expect(login.status).toBe(200);

      first.process.kill("SIGTERM");
      expect(await exitedWithin(first, 30_000)).toBe(0);
    });

    it("refuses a second open in the same process, and opens again at once after a clean close", async () => {
      const database = await openEmbeddedDatabase({ dataDir });
      const refusal = await openEmbeddedDatabase({ dataDir }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(DataDirLockedError);
      expect((refusal as DataDirLockedError).message).toContain(`pid ${process.pid} on this machine`);
      await database.close();

      const again = await openEmbeddedDatabase({ dataDir });
      expect(await again.db.selectFrom("practices").select("id").where("id", "=", practice.practiceId).executeTakeFirst()).toEqual({
        id: practice.practiceId,
      });
      await again.close();
      // Another process too.
      const writer = startWriter({ DATA_DIR: dataDir }, practice);
      children.push(writer);
      await until("the writer opens the store", () => (writer.output().includes("ready ") ? true : undefined), 60_000, writer);
      writer.process.kill("SIGTERM");
      await writer.exited;
    });

    it("loses no acknowledged write to kill -9 under write load, and the store opens again at once", async () => {
      const writer = startWriter({ DATA_DIR: dataDir }, practice);
      children.push(writer);
      await until("acknowledged writes", () => (acknowledged(writer).length >= WRITES_BEFORE_KILL ? true : undefined), 90_000, writer);
      writer.process.kill("SIGKILL");
      const killedAt = performance.now();
      await writer.exited;
      const acked = acknowledged(writer);

      // The lock of a process that is gone is taken over at once, not after the stale period.
      const lock = await lockDataDir(dataDir);
      const lockedAfterMs = performance.now() - killedAt;
      await lock.release();
      const reopened = await openEmbeddedDatabase({ dataDir });
      const reopenedAfterMs = performance.now() - killedAt;
      try {
        const found = await storedIds(reopened, acked);
        console.info(
          `kill -9 under write load (embedded): ${acked.length} acknowledged, ${found.size} found; ` +
            `lock taken over ${lockedAfterMs.toFixed(0)} ms after the kill, store open after ${reopenedAfterMs.toFixed(0)} ms`,
        );
        expect(acked.filter((id) => !found.has(id))).toEqual([]);
        expect(lockedAfterMs).toBeLessThan(LOCK_STALE_MS / 2);
      } finally {
        await reopened.close();
      }
    });
  });
} else {
  describe("on a Postgres server, processes share the database", () => {
    let database: WaveDatabase;
    let practice: TestPractice;

    beforeAll(async () => {
      database = await openTestDatabase();
      practice = await createTestPractice(database.db, "Store");
    });
    afterAll(async () => {
      await database.close();
    });

    it("lets a second process write beside the first: several app processes may serve one database", async () => {
      const first = startWriter({ DATABASE_URL: serverUrl }, practice);
      const second = startWriter({ DATABASE_URL: serverUrl }, practice);
      children.push(first, second);
      await until("both write", () => (acknowledged(first).length >= 20 && acknowledged(second).length >= 20 ? true : undefined), 60_000);
      first.process.kill("SIGTERM");
      second.process.kill("SIGTERM");
      await Promise.all([first.exited, second.exited]);
      const acked = [...acknowledged(first), ...acknowledged(second)];
      expect((await storedIds(database, acked)).size).toBe(acked.length);
    });

    it("loses no acknowledged write to kill -9 of a writing process", async () => {
      const writer = startWriter({ DATABASE_URL: serverUrl }, practice);
      children.push(writer);
      await until("acknowledged writes", () => (acknowledged(writer).length >= WRITES_BEFORE_KILL ? true : undefined), 90_000, writer);
      writer.process.kill("SIGKILL");
      await writer.exited;
      const acked = acknowledged(writer);
      const found = await storedIds(database, acked);
      console.info(`kill -9 under write load (server): ${acked.length} acknowledged, ${found.size} found`);
      expect(acked.filter((id) => !found.has(id))).toEqual([]);
    });
  });
}

import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "@wave/db";

// The real server process, from source (node with tsx on server/src/main.ts:
// the code `pnpm build` bundles), so the suite sees what an operator would.

export interface AppExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  atMs: number;
}

export interface AppProcess {
  pid: number;
  base: string;
  /** Settles when the process exits. */
  exited: Promise<AppExit>;
  exit(): AppExit | undefined;
  /** Lines the process has logged so far. */
  logLines(): string[];
  signal(signal: NodeJS.Signals): void;
}

export interface StartAppOptions {
  /** A Postgres server, or (with dataDir) embedded Postgres. */
  databaseUrl?: string;
  dataDir?: string;
  port: number;
  logFile: string;
  shutdownTimeoutMs?: number;
}

export function startApp(options: StartAppOptions): AppProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: path.join(REPO_ROOT, "server"),
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/root",
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}),
      PORT: String(options.port),
      LOG_LEVEL: "info",
      SHUTDOWN_TIMEOUT_MS: String(options.shutdownTimeoutMs ?? 10_000),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error("the app process did not start");
  const log = createWriteStream(options.logFile, { flags: "a" });
  const lines: string[] = [];
  let partial = "";
  const collect = (chunk: Buffer) => {
    log.write(chunk);
    const text = partial + chunk.toString("utf8");
    const parts = text.split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  let exit: AppExit | undefined;
  const exited = new Promise<AppExit>((resolve) => {
    child.once("exit", (code, signal) => {
      exit = { code, signal, atMs: Date.now() };
      log.end();
      resolve(exit);
    });
  });
  return {
    pid: child.pid,
    base: `http://127.0.0.1:${options.port}`,
    exited,
    exit: () => exit,
    logLines: () => lines,
    signal: (signal) => {
      if (!exit) child.kill(signal);
    },
  };
}

/** GET `path` with a bounded wait; the status, or 0 when there was no answer. */
export async function statusOf(url: string, timeoutMs = 3_000): Promise<number> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

export interface ReadinessSample {
  atMs: number;
  status: number;
}

/**
 * Polls /readyz every `intervalMs` until stopped: what a load balancer would
 * see. Often: a fast restart can be over in under a quarter of a second, and
 * a slower poll then misses the 503 altogether.
 */
export function watchReadiness(base: string, intervalMs = 50): { samples: ReadinessSample[]; stop(): Promise<void> } {
  const samples: ReadinessSample[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const started = Date.now();
      samples.push({ atMs: started, status: await statusOf(`${base}/readyz`) });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, intervalMs - (Date.now() - started))));
    }
  })();
  return {
    samples,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

/** Waits until /readyz answers 200; the time it took, or null when `timeoutMs` passed first. */
export async function waitForReady(base: string, timeoutMs: number, isAlive: () => boolean = () => true): Promise<number | null> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (!isAlive()) return null;
    if ((await statusOf(`${base}/readyz`, 2_000)) === 200) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return null;
}

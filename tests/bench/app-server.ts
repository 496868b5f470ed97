import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { REPO_ROOT } from "@wave/db";
import { inheritedEnv } from "./config.js";

/** The built server (server/dist/main.js), run by plain node as `pnpm start` runs it, in a child process. */
export interface AppServer {
  baseUrl: string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 180_000;

/** A port the kernel says is free on loopback right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * Starts the server with `env` on top of a minimal environment
 * (inheritedEnv) and waits for
 * /readyz. Its output is kept and shown only if it fails to start.
 */
export function startAppServer(env: Record<string, string>): Promise<AppServer> {
  return startNodeServer([path.join(REPO_ROOT, "server/dist/main.js")], env);
}

/**
 * Runs `node <args>` in a child process on a free port (given as PORT) and
 * waits until its /readyz answers 200: the app server, or the bench's stack
 * floor (stack-floor-server.ts).
 */
export async function startNodeServer(args: readonly string[], env: Record<string, string>): Promise<AppServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...args], {
    cwd: REPO_ROOT,
    env: { ...inheritedEnv(), LOG_LEVEL: "warn", ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before it was ready:\n${output}`);
    const ready = await fetch(`${baseUrl}/readyz`).then((response) => response.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the server was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${output}`);
    }
    await sleep(250);
  }
  return {
    baseUrl,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      // Embedded Postgres writes its files on close; give it the server's own shutdown bound.
      const killed = await Promise.race([exited.then(() => false), sleep(20_000).then(() => true)]);
      if (killed) {
        child.kill("SIGKILL");
        await exited;
      }
    },
  };
}

import { execFile } from "node:child_process";
import net from "node:net";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

// A Postgres 15 cluster of the suite's own, on a port of its own, to stop,
// restart and cut at will. Every command names this cluster: the machine's
// main cluster (and anyone else's) is never touched.
const VERSION = "15";
const PREFIX = "wave_faults_";

export type StopMode = "fast" | "immediate";

export interface ThrowawayCluster {
  name: string;
  port: number;
  /** A URL for `database` on this cluster, as the superuser. */
  url(database: string): string;
  start(): Promise<void>;
  stop(mode: StopMode): Promise<void>;
  restart(mode: StopMode): Promise<void>;
  /** Terminates every client backend connected to `database`; returns how many. */
  terminateBackends(database: string): Promise<number>;
  drop(): Promise<void>;
}

async function pgctl(name: string, ...args: string[]): Promise<void> {
  if (!name.startsWith(PREFIX)) throw new Error(`refusing to control cluster ${name}: not the suite's`);
  await run("pg_ctlcluster", ["--skip-systemctl-redirect", VERSION, name, ...args]);
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Clusters a previous run left behind when it was killed: named after a pid that is gone. */
async function dropAbandonedClusters(): Promise<void> {
  const { stdout } = await run("pg_lsclusters", ["--no-header"]);
  for (const line of stdout.split("\n")) {
    const [version, name] = line.trim().split(/\s+/);
    if (version !== VERSION || !name?.startsWith(PREFIX)) continue;
    const pid = Number(name.slice(PREFIX.length));
    if (Number.isInteger(pid) && !isAlive(pid)) {
      await run("pg_dropcluster", ["--stop", VERSION, name]).catch(() => undefined);
    }
  }
}

async function waitUntilAnswering(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", database: "postgres", connectionTimeoutMillis: 1_000 });
    client.on("error", () => undefined);
    try {
      await client.connect();
      await client.query("select 1");
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export async function createCluster(): Promise<ThrowawayCluster> {
  await dropAbandonedClusters();
  const port = await freePort();
  const name = `${PREFIX}${process.pid}`;
  await run("pg_createcluster", [VERSION, name, "-p", String(port), "--start-conf=manual", "--", "--auth=trust"]);
  let dropped = false;
  const cluster: ThrowawayCluster = {
    name,
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start: async () => {
      await pgctl(name, "start");
      await waitUntilAnswering(port, 30_000);
    },
    stop: (mode) => pgctl(name, "stop", "-m", mode),
    restart: async (mode) => {
      await pgctl(name, "restart", "-m", mode);
      await waitUntilAnswering(port, 30_000);
    },
    terminateBackends: async (database) => {
      const admin = new pg.Client({ connectionString: cluster.url("postgres") });
      admin.on("error", () => undefined);
      await admin.connect();
      try {
        // The pids first, then terminate: only client backends of that database, never this session.
        const result = await admin.query<{ terminated: number }>(
          `with targets as materialized (
             select pid from pg_stat_activity
             where datname = $1 and backend_type = 'client backend' and pid <> pg_backend_pid()
           )
           select count(*) filter (where pg_terminate_backend(pid))::int as terminated from targets`,
          [database],
        );
        return result.rows[0]?.terminated ?? 0;
      } finally {
        await admin.end().catch(() => undefined);
      }
    },
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await run("pg_dropcluster", ["--stop", VERSION, name]);
    },
  };
  return cluster;
}

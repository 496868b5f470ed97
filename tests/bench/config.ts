// What `pnpm bench` measures and against which numbers (issue 12's targets).
// Every knob an operator may turn is an environment variable read here, and
// only here in the bench.

export interface DatasetSize {
  practices: number;
  clientsPerPractice: number;
  episodesPerClient: number;
  consultantsPerPractice: number;
  seed: number;
}

/** The target size: 20 x 1,000 clients x 100 episodes, 10 consultants each, fixed seed. */
export const TARGET_SIZE: Readonly<DatasetSize> = {
  practices: 20,
  clientsPerPractice: 1000,
  episodesPerClient: 100,
  consultantsPerPractice: 10,
  seed: 42,
};

/** The dataset is kept in this database between runs (drop it to force a fresh one, or BENCH_RESEED=1). */
export const BENCH_DATABASE_NAME = "wave_bench";

/** The seed must load the target size within this (issue 12). */
export const SEED_TARGET_SECONDS = 180;

/**
 * The seed's clock: the data's windows (7 and 30 days, 52 weeks) read the
 * clock, so a dataset older than this is seeded afresh rather than measured
 * with its recent weeks empty.
 */
export const MAX_DATASET_AGE_DAYS = 7;

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number of seconds, got "${raw}"`);
  return value;
}

export interface BenchSettings {
  /** The Postgres server; wave_bench is created on it. */
  serverUrl: string;
  reseed: boolean;
  /** Each measured run (HTTP and floor, c=1 and c=16). */
  seconds: number;
  /** The unmeasured run before each measured one. */
  warmupSeconds: number;
  chromiumPath: string;
  lcpLoads: number;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  return {
    serverUrl: env.BENCH_DATABASE_URL?.trim() || "postgres://postgres@127.0.0.1:5432/postgres",
    reseed: env.BENCH_RESEED === "1",
    seconds: positiveNumber(env, "BENCH_SECONDS", 8),
    warmupSeconds: positiveNumber(env, "BENCH_WARMUP_SECONDS", 2),
    chromiumPath: env.BENCH_CHROMIUM?.trim() || "/usr/bin/chromium",
    lcpLoads: 5,
  };
}

/** The concurrencies every endpoint is measured at. */
export const CONCURRENCIES = [1, 16] as const;
export type Concurrency = (typeof CONCURRENCIES)[number];

/** A target as the issue states it: a p95 bound at one concurrency, and optionally a throughput floor at c=16. */
export interface Target {
  p95AtC1Ms?: number;
  p95AtC16Ms?: number;
  minRequestsPerSecondAtC16?: number;
}

export function describeTarget(target: Target): string {
  const parts: string[] = [];
  if (target.p95AtC1Ms !== undefined) parts.push(`p95<=${target.p95AtC1Ms} c1`);
  if (target.p95AtC16Ms !== undefined) parts.push(`p95<=${target.p95AtC16Ms} c16`);
  if (target.minRequestsPerSecondAtC16 !== undefined) parts.push(`>=${target.minRequestsPerSecondAtC16} rps`);
  return parts.join(", ") || "-";
}

/** API overhead over the floor at c=1 (p50): at most 2 ms or 1.2x, whichever is larger. */
export const OVERHEAD_TARGET = { ms: 2, ratio: 1.2 } as const;

/** Embedded engine on the demo data: caseload and client review p95 at c=1. */
export const EMBEDDED_P95_TARGET_MS = 50;

/**
 * What the server child inherits from this process: only what finds node and
 * pnpm, so no DATABASE_URL or DATA_DIR from the caller's shell leaks in.
 */
export function inheritedEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return { PATH: env.PATH ?? "", HOME: env.HOME ?? "" };
}

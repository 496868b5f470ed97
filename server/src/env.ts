import { DEFAULT_TRANSACTION_LIMITS, parseDatabaseEnv, REPO_ROOT, type TransactionLimits } from "@wave/db";
import { z } from "zod";
import { DEFAULT_ATTEMPT_LIMITS, type AttemptLimitOptions } from "./auth/attempt-limits.js";
import { DEFAULT_HEAVY_WORK, type HeavyWorkOptions } from "./heavy-procedure.js";

// The only place the server reads process.env (HOUSE-RULES): everything
// else gets a parsed, typed Env.
export { REPO_ROOT };

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  WAVE_DEV: z.enum(["0", "1"]).default("0"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Failed password attempts per account per 15 minutes (sign-in and password change together). */
  SIGN_IN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(100).default(DEFAULT_ATTEMPT_LIMITS.accountFailures),
  /** Failed password attempts per client address per 15 minutes, across accounts. */
  SIGN_IN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_ATTEMPT_LIMITS.addressFailures),
  /** Set when behind a reverse proxy that terminates TLS, so Secure cookies and client IPs work. */
  TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  /** Aggregates resting on fewer clients than this are shown as "fewer than N". */
  SMALL_CELL_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
  /** On SIGTERM, how long in-flight requests may take to finish before they are cut (and the exit code is 1). */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** Postgres cancels a statement of an application transaction that runs longer (docs/decisions/0016). */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).default(DEFAULT_TRANSACTION_LIMITS.statementTimeoutMs),
  /** ... or that waits longer than this for a lock. */
  DB_LOCK_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).default(DEFAULT_TRANSACTION_LIMITS.lockTimeoutMs),
  /**
   * 1: a read whose client goes away has its statement cancelled
   * (pg_cancel_backend, docs/decisions/0030). 0 behind a pooler in transaction
   * mode (PgBouncer), where a backend pid does not stay with one app connection.
   */
  DB_CANCEL_ON_DISCONNECT: z.enum(["0", "1"]).default("1"),
  /** The statement timeout of the lead's heavy analytics, which scan the whole practice. */
  DB_ANALYTICS_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).default(DEFAULT_HEAVY_WORK.statementTimeoutMs),
  /** Heavy analytics requests running at once in this process; the rest wait without holding a connection. */
  ANALYTICS_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(DEFAULT_HEAVY_WORK.concurrency),
  /** Heavy analytics requests allowed to wait; one more answers TOO_MANY_REQUESTS. */
  ANALYTICS_MAX_QUEUED: z.coerce.number().int().min(0).max(10_000).default(DEFAULT_HEAVY_WORK.maxQueued),
  /** A read replica of DATABASE_URL that the lead's practice-wide analytics read from (docs/decisions/0028). */
  READ_DATABASE_URL: z.string().trim().min(1).optional(),
});

export interface Env {
  databaseUrl: string | undefined;
  /** Where the lead's practice-wide analytics read; undefined: databaseUrl. */
  readDatabaseUrl: string | undefined;
  dataDir: string;
  port: number;
  dev: boolean;
  logLevel: z.infer<typeof EnvSchema>["LOG_LEVEL"];
  /** Brute-force limits on password attempts. */
  attemptLimits: AttemptLimitOptions;
  trustProxy: boolean;
  smallCellThreshold: number;
  shutdownTimeoutMs: number;
  /** Statement and lock timeouts of every application transaction. */
  transactionLimits: TransactionLimits;
  /** How the lead's heavy analytics are bounded. */
  analytics: HeavyWorkOptions;
  /** Cancel an abandoned read's statement on a Postgres server. */
  cancelOnDisconnect: boolean;
}

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  const env = parsed.data;
  const database = parseDatabaseEnv(source);
  if (env.READ_DATABASE_URL && !database.databaseUrl) {
    throw new Error(
      "Invalid environment: READ_DATABASE_URL: a read replica needs DATABASE_URL (its primary) too; embedded Postgres has no replicas. Set DATABASE_URL, or unset READ_DATABASE_URL.",
    );
  }
  return {
    databaseUrl: database.databaseUrl,
    readDatabaseUrl: env.READ_DATABASE_URL,
    dataDir: database.dataDir,
    port: env.PORT,
    dev: env.WAVE_DEV === "1",
    logLevel: env.LOG_LEVEL,
    attemptLimits: {
      accountFailures: env.SIGN_IN_FAILURES_PER_ACCOUNT,
      addressFailures: env.SIGN_IN_FAILURES_PER_ADDRESS,
      windowSeconds: DEFAULT_ATTEMPT_LIMITS.windowSeconds,
    },
    trustProxy: env.TRUST_PROXY === "1",
    smallCellThreshold: env.SMALL_CELL_THRESHOLD,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    transactionLimits: { statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS, lockTimeoutMs: env.DB_LOCK_TIMEOUT_MS },
    analytics: {
      concurrency: env.ANALYTICS_CONCURRENCY,
      maxQueued: env.ANALYTICS_MAX_QUEUED,
      statementTimeoutMs: env.DB_ANALYTICS_STATEMENT_TIMEOUT_MS,
    },
    cancelOnDisconnect: env.DB_CANCEL_ON_DISCONNECT === "1",
  };
}

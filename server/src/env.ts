import { parseDatabaseEnv, REPO_ROOT } from "@wave/db";
import { z } from "zod";

// The only place the server reads process.env (HOUSE-RULES): everything
// else gets a parsed, typed Env.
export { REPO_ROOT };

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  WAVE_DEV: z.enum(["0", "1"]).default("0"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Sign-in attempts allowed per client address per window. */
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  /** Set when behind a reverse proxy that terminates TLS, so Secure cookies and client IPs work. */
  TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  /** Aggregates resting on fewer clients than this are shown as "fewer than N". */
  SMALL_CELL_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
});

export interface Env {
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  dev: boolean;
  logLevel: z.infer<typeof EnvSchema>["LOG_LEVEL"];
  loginRateLimit: number;
  trustProxy: boolean;
  smallCellThreshold: number;
}

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  const env = parsed.data;
  const database = parseDatabaseEnv(source);
  return {
    databaseUrl: database.databaseUrl,
    dataDir: database.dataDir,
    port: env.PORT,
    dev: env.WAVE_DEV === "1",
    logLevel: env.LOG_LEVEL,
    loginRateLimit: env.LOGIN_RATE_LIMIT,
    trustProxy: env.TRUST_PROXY === "1",
    smallCellThreshold: env.SMALL_CELL_THRESHOLD,
  };
}

import path from "node:path";
import { z } from "zod";

// The only place that reads process.env (HOUSE-RULES): everything else gets
// a parsed, typed Env.
export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

const EnvSchema = z.object({
  DATABASE_URL: z.string().trim().min(1).optional(),
  DATA_DIR: z.string().trim().min(1).default(".data"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  NODE_ENV: z.enum(["development", "test", "production"]).default("production"),
  WAVE_DEV: z.enum(["0", "1"]).default("0"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Sign-in attempts allowed per client address per window. */
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  /** Set when behind a reverse proxy that terminates TLS, so Secure cookies and client IPs work. */
  TRUST_PROXY: z.enum(["0", "1"]).default("0"),
});

export interface Env {
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  dev: boolean;
  logLevel: z.infer<typeof EnvSchema>["LOG_LEVEL"];
  loginRateLimit: number;
  trustProxy: boolean;
}

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  const env = parsed.data;
  return {
    databaseUrl: env.DATABASE_URL,
    // A relative DATA_DIR is relative to where the user ran the command.
    dataDir: path.resolve(source.INIT_CWD ?? process.cwd(), env.DATA_DIR),
    port: env.PORT,
    dev: env.WAVE_DEV === "1",
    logLevel: env.LOG_LEVEL,
    loginRateLimit: env.LOGIN_RATE_LIMIT,
    trustProxy: env.TRUST_PROXY === "1",
  };
}

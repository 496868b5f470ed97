import { pino, type Logger } from "pino";

export type { Logger };

// Structured logs carry ids, paths and error codes; never request bodies,
// never health data (docs/security.md). Redaction is a second line of defence.
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "wave" },
    redact: {
      paths: ["password", "*.password", "req.headers.cookie", "headers.cookie", "input", "*.input", "notes", "*.notes"],
      censor: "[redacted]",
    },
  });
}

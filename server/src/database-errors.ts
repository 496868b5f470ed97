// The one place that decides whether an error means "the database is away"
// (docs/decisions/0015-surviving-database-faults.md): such a failure is
// retryable, so a request answers 503 with Retry-After instead of a 500 that
// looks like a bug, and start-up waits instead of exiting.

/** What a user is told while the database is away. */
export const DATABASE_UNAVAILABLE_MESSAGE = "The database is not answering. Please try again in a moment.";

/** Seconds a client should wait before trying again (the Retry-After header). */
export const RETRY_AFTER_SECONDS = 5;

/** Socket-level failures to reach or keep a server connection (Node's error codes). */
const NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);

/**
 * Postgres SQLSTATEs that say the server (not the query) is the problem:
 * class 08 connection exceptions are matched by prefix.
 */
const SQLSTATES = new Set([
  "57P01", // admin_shutdown: pg_terminate_backend, a fast or smart shutdown
  "57P02", // crash_shutdown: another backend crashed, the server restarts
  "57P03", // cannot_connect_now: starting up or shutting down
  "53300", // too_many_connections
  // Every application transaction runs under a statement and a lock timeout
  // (db/src/transaction.ts): hitting one means the database was too busy or
  // a row was held, not that the request was wrong, so it is retryable too.
  "57014", // query_canceled: statement_timeout (or a cancel request)
  "55P03", // lock_not_available: lock_timeout
]);

/**
 * Errors without a code, by the message the driver uses. Each is the library's
 * own fixed text, never a query's.
 */
const MESSAGES: [RegExp, string][] = [
  // pg: the socket closed under a client, or connecting took longer than connectionTimeoutMillis.
  [/^Connection terminated/, "connection-terminated"],
  [/not queryable/, "connection-terminated"],
  // pg-pool: no connection became free (or could be made) within connectionTimeoutMillis.
  [/^timeout exceeded when trying to connect/, "pool-timeout"],
  [/^Cannot use a pool after calling end on the pool/, "closed"],
  // Embedded Postgres (PGlite) and Kysely once the database is closed, as during shutdown.
  [/^PGlite is clos(ed|ing)/, "closed"],
  [/^driver has already been destroyed/, "closed"],
];

const MAX_DEPTH = 5;

/**
 * Why `error` means the database is unavailable, as a short code fit for a
 * log line (a Node error code, a SQLSTATE or a fixed label), or null when it
 * is some other failure. Looks through `cause` chains and AggregateErrors
 * (a connect to "localhost" tries several addresses).
 */
export function databaseUnavailableReason(error: unknown, depth = 0): string | null {
  if (depth > MAX_DEPTH || typeof error !== "object" || error === null) return null;
  const code = "code" in error && typeof error.code === "string" ? error.code : undefined;
  if (code && NODE_CODES.has(code)) return code;
  if (code && /^[0-9A-Z]{5}$/.test(code) && (code.startsWith("08") || SQLSTATES.has(code))) return code;
  if (error instanceof Error) {
    for (const [pattern, reason] of MESSAGES) if (pattern.test(error.message)) return reason;
  }
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const reason = databaseUnavailableReason(inner, depth + 1);
      if (reason) return reason;
    }
  }
  return "cause" in error ? databaseUnavailableReason(error.cause, depth + 1) : null;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return databaseUnavailableReason(error) !== null;
}

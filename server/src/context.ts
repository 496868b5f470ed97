import type { Kysely } from "kysely";
import type { Database } from "@wave/db";
import { DEFAULT_SMALL_CELL_THRESHOLD, type Me } from "@wave/shared";
import { createAttemptLimiter, type AttemptLimiter } from "./auth/attempt-limits.js";
import { createHeavyWorkLimiter, DEFAULT_HEAVY_WORK, type HeavyWorkLimiter } from "./heavy-procedure.js";
import type { Logger } from "./logger.js";
import { createSelfReportLimiter, type SelfReportLimiter } from "./self-report/self-report.limits.js";

export type SessionUser = Me;

export interface Session {
  id: string;
  tokenHash: string;
  user: SessionUser;
}

/** How a procedure sets or clears the session cookie without knowing about HTTP. */
export interface SessionCookie {
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

/** Deployment settings procedures read. */
export interface Settings {
  /** Aggregates resting on fewer clients than this are suppressed. */
  smallCellThreshold: number;
}

/**
 * The request's hold on the database (http/request-connection.ts). On a
 * Postgres server every step of a request shares one pooled connection; a
 * step that must wait for something else gives it back meanwhile.
 */
export interface RequestConnection {
  /**
   * Runs one procedure call. On a pinned connection the call's transactions
   * are blocks of one request transaction, committed here when the call is
   * done and before its answer goes out (docs/decisions/0034); a commit that
   * fails turns a `succeeded` answer into that failure. `work` is given the
   * call's own database and connection, which its statements must use, or
   * null when the context's own handles serve (no pinned connection, or a
   * call inside a call).
   */
  call<T>(work: (scope: CallScope | null) => Promise<T>, succeeded: (value: T) => boolean): Promise<T>;
  whileWaiting<T>(wait: () => Promise<T>): Promise<T>;
  /**
   * The request this belongs to, when it is one call's part of a request's
   * connection: the calls of one request share a heavy-work turn. Absent: it
   * is the request's own.
   */
  readonly request?: object;
  /**
   * The client went away before its answer was sent and the request's work
   * was stopped (docs/decisions/0030): its failures are no one's to see.
   * Absent or false for a request that is not watched.
   */
  clientGone?(): boolean;
}

/** One call's handles on a pinned request connection (http/request-connection.ts). */
export interface CallScope {
  db: Kysely<Database>;
  connection: RequestConnection;
}

/** A request that holds no connection between its transactions, each committed on its own (embedded Postgres, tests). */
export function unpinnedConnection(): RequestConnection {
  return { call: (work) => work(null), whileWaiting: (wait) => wait() };
}

/**
 * The machine's clock: the default `now` of an app and of a context. A
 * request on it needs no clock of its own for the shared schemas (trpc.ts).
 */
export const systemClock = (): Date => new Date();

// One per process unless the app brings its own: the bound is per process.
const processHeavyWork = createHeavyWorkLimiter(DEFAULT_HEAVY_WORK);

export interface ContextInner {
  /** This request's database: on a server, bound to its one pinned connection. */
  db: Kysely<Database>;
  /**
   * The read replica the lead's practice-wide analytics read from
   * (READ_DATABASE_URL), or null: they read `db`. Never written to.
   */
  readDb: Kysely<Database> | null;
  connection: RequestConnection;
  /** Bounds the lead's heavy analytics (heavy-procedure.ts). */
  heavyWork: HeavyWorkLimiter;
  /** Counts password attempts (auth/attempt-limits.ts): one per app, shared by its servers. */
  attemptLimiter: AttemptLimiter;
  /** Counts the public self-report calls (self-report/self-report.limits.ts): one per app, shared by its servers. */
  selfReportLimiter: SelfReportLimiter;
  settings: Settings;
  session: Session | null;
  sessionCookie: SessionCookie;
  log: Logger;
  now: () => Date;
  origin: RequestOrigin;
}

export type Context = ContextInner;

/** Who is on the other end of the request, as far as the server can tell. */
export interface RequestOrigin {
  /** The peer's address (behind a trusted proxy, the one it reports); "unknown" outside HTTP. */
  address: string;
  /** The browser's own description, cut to 200 characters; null when absent. */
  userAgent: string | null;
  /** Where the request was sent, e.g. "https://wave.example": links the server hands out start with it. */
  baseUrl: string;
}

/**
 * Everything a procedure needs, with no HTTP in sight, so tests build a
 * caller with createCaller(createContextInner(...)).
 */
export function createContextInner(inner: {
  db: Kysely<Database>;
  readDb?: Kysely<Database> | null;
  connection?: RequestConnection;
  heavyWork?: HeavyWorkLimiter;
  attemptLimiter?: AttemptLimiter;
  selfReportLimiter?: SelfReportLimiter;
  session: Session | null;
  log: Logger;
  sessionCookie?: SessionCookie;
  now?: () => Date;
  settings?: Settings;
  origin?: RequestOrigin;
}): ContextInner {
  return {
    db: inner.db,
    readDb: inner.readDb ?? null,
    connection: inner.connection ?? unpinnedConnection(),
    heavyWork: inner.heavyWork ?? processHeavyWork,
    // A context built outside createApp (a test's caller) counts on its own.
    attemptLimiter: inner.attemptLimiter ?? createAttemptLimiter(),
    selfReportLimiter: inner.selfReportLimiter ?? createSelfReportLimiter(),
    settings: inner.settings ?? { smallCellThreshold: DEFAULT_SMALL_CELL_THRESHOLD },
    session: inner.session,
    log: inner.log,
    sessionCookie: inner.sessionCookie ?? { set: () => undefined, clear: () => undefined },
    now: inner.now ?? systemClock,
    origin: inner.origin ?? { address: "unknown", userAgent: null, baseUrl: "http://localhost" },
  };
}

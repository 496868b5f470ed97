import type { Kysely } from "kysely";
import type { Database } from "@wave/db";
import { DEFAULT_SMALL_CELL_THRESHOLD, type Me } from "@wave/shared";
import type { Logger } from "./logger.js";

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

export interface ContextInner {
  db: Kysely<Database>;
  settings: Settings;
  session: Session | null;
  sessionCookie: SessionCookie;
  log: Logger;
  now: () => Date;
}

export type Context = ContextInner;

/**
 * Everything a procedure needs, with no HTTP in sight, so tests build a
 * caller with createCaller(createContextInner(...)).
 */
export function createContextInner(inner: {
  db: Kysely<Database>;
  session: Session | null;
  log: Logger;
  sessionCookie?: SessionCookie;
  now?: () => Date;
  settings?: Settings;
}): ContextInner {
  return {
    db: inner.db,
    settings: inner.settings ?? { smallCellThreshold: DEFAULT_SMALL_CELL_THRESHOLD },
    session: inner.session,
    log: inner.log,
    sessionCookie: inner.sessionCookie ?? { set: () => undefined, clear: () => undefined },
    now: inner.now ?? (() => new Date()),
  };
}

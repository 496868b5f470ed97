import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { CompiledQuery, Kysely, PostgresDialect, type LogEvent } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import { lockDataDir, type DataDirLock } from "./data-dir-lock.js";
import type { Database } from "./schema.js";

export type DatabaseKind = "embedded" | "server";

/**
 * A statement whose SQL starts with this comment runs on a Postgres server as
 * a named prepared statement: parsed and planned once per connection, then
 * (after Postgres's five custom plans) executed with its generic plan. Only
 * for hot statements whose text takes a bounded number of shapes (the
 * caseload's): every distinct text stays prepared for its connection's life.
 * Embedded Postgres runs it as any other statement.
 */
export const PREPARED_STATEMENT = "/* wave:prepared */";

/**
 * How pg should run a statement: a marked one by a name that is its text's
 * hash, so the same text reuses its preparation on each connection (the
 * request pool, and the benchmark's floor, which must run the SQL as the app does).
 */
export function pgQueryFor(text: string, values: readonly unknown[] | undefined): pg.QueryConfig {
  const config: pg.QueryConfig = { text, values: values ? [...values] : [] };
  if (!text.startsWith(PREPARED_STATEMENT)) return config;
  return { ...config, name: preparedNameOf(text) };
}

/**
 * Names already worked out, by text: hashing a caseload statement of several
 * kilobytes on every call cost more than the lookup. The marked statements
 * are a fixed set of shapes (their values are parameters), so the map stays
 * small; it starts over if it ever passes the bound.
 */
const preparedNames = new Map<string, string>();
const MAX_PREPARED_NAMES = 1_000;

function preparedNameOf(text: string): string {
  const known = preparedNames.get(text);
  if (known !== undefined) return known;
  if (preparedNames.size >= MAX_PREPARED_NAMES) preparedNames.clear();
  const name = `wave_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
  preparedNames.set(text, name);
  return name;
}

type QueryFunction = (...args: unknown[]) => unknown;

/** Makes a pooled client run marked statements as named prepared statements. */
function prepareMarkedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as QueryFunction;
  const preparing: QueryFunction = (...args) => {
    const [text, values] = args;
    if (typeof text === "string" && text.startsWith(PREPARED_STATEMENT) && args.length <= 2) {
      return query(pgQueryFor(text, values as unknown[] | undefined));
    }
    return query(...args);
  };
  client.query = preparing as typeof client.query;
}

/** One statement as Postgres received it: what a query-plan test or the benchmark's floor replays. */
export interface ExecutedQuery {
  sql: string;
  parameters: readonly unknown[];
}

/**
 * Kysely's log hook, narrowed to the statements that ran. Only for tests and
 * the benchmark: the parameters are health data and never reach a log.
 */
function queryLog(onQuery: ((query: ExecutedQuery) => void) | undefined): { log?: (event: LogEvent) => void } {
  if (!onQuery) return {};
  return {
    log: (event) => {
      if (event.level === "query") onQuery({ sql: event.query.sql, parameters: event.query.parameters });
    },
  };
}

/** Stops a `listen`: no callback runs once it has resolved. */
export type StopListening = () => Promise<void>;

export interface WaveDatabase {
  db: Kysely<Database>;
  kind: DatabaseKind;
  close(): Promise<void>;
  /**
   * Resolves when the database answers a trivial query, rejects when it does
   * not. On a server it uses a connection of its own with short timeouts, so
   * a pool busy with requests is never mistaken for an outage (/readyz).
   */
  probe(): Promise<void>;
  /**
   * LISTENs on `channel` and calls `onNotification` with each payload. On a
   * server the listener has its own connection, which comes back by itself
   * when lost; `onReconnect` then runs, since whatever was sent meanwhile is
   * gone. Stop it before `close`.
   */
  listen(channel: string, onNotification: (payload: string) => void, onReconnect?: () => void): Promise<StopListening>;
  /** Embedded only: the whole data directory as a tarball (test templates, backups). */
  dumpDataDir?: () => Promise<Blob>;
  /**
   * Server only: a small pool of its own, signed in as the application role,
   * for counters every app server shares (the sign-in limits'
   * sign_in_attempts). Apart from the request pool so a request that holds
   * its pinned connection can still count an attempt.
   */
  counterPool?: pg.Pool;
  /**
   * Server only: cancels the statement the backend `pid` is running
   * (pg_cancel_backend), over the probe's connection rather than the request
   * pool, which may be all held by the stalled requests being cancelled.
   */
  cancelBackend?: (pid: number) => Promise<void>;
}

const PG_TYPE = { int8: 20, date: 1082 } as const;

// Both engines return the same JavaScript values: `date` as the YYYY-MM-DD
// string it is (never a local-midnight Date), counts as numbers.
const parseDate = (value: string): string => value;
const parseInt8 = (value: string): number => Number(value);

export interface EmbeddedOptions {
  /** A directory, or undefined for an in-memory database (tests). */
  dataDir?: string;
  /** A data directory dump to start from (a migrated template in tests, a backup being restored). */
  loadDataDir?: Blob | File;
  /** Another process took dataDir's lock while open; by default the process exits at once (data-dir-lock.ts). */
  onLockLost?: (error: Error) => void;
  /** Tests and the benchmark only: sees every statement executed. */
  onQuery?: (query: ExecutedQuery) => void;
}

export async function openEmbeddedDatabase(options: EmbeddedOptions = {}): Promise<WaveDatabase> {
  // One writer per store: a second process on the same directory is refused
  // here, before PGlite touches a file (two writers corrupt it). In-memory
  // databases are private to their process and take no lock.
  let lock: DataDirLock | undefined;
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    lock = await lockDataDir(options.dataDir, options.onLockLost ? { onLost: options.onLockLost } : {});
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      parsers: { [PG_TYPE.date]: parseDate, [PG_TYPE.int8]: parseInt8 },
    });
  } catch (error) {
    await lock?.release();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite), ...queryLog(options.onQuery) });
  return {
    db,
    kind: "embedded",
    close: async () => {
      try {
        await db.destroy();
      } finally {
        await lock?.release();
      }
    },
    // Queries take turns on the one in-process connection: a long queue is not an outage, so the wait is generous.
    probe: () => withTimeout(db.executeQuery(CompiledQuery.raw("select 1")), EMBEDDED_PROBE_TIMEOUT_MS, "database probe timed out").then(() => undefined),
    // In-process: the connection cannot drop, so there is never a reconnect.
    listen: async (channel, onNotification) => {
      const unlisten = await pglite.listen(checkedChannel(channel), onNotification);
      return () => unlisten();
    },
    dumpDataDir: () => pglite.dumpDataDir("none"),
  };
}

/** LISTEN takes an identifier, not a parameter: only plain names are accepted. */
function checkedChannel(channel: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`unsafe channel name: ${channel}`);
  return channel;
}

export interface ServerOptions {
  connectionString: string;
  maxConnections?: number;
  /**
   * Called when a connection fails (the server restarted, a backend was
   * terminated), idle or in use: a pooled one, the probe's or the live
   * listener's. The process carries on; the broken connection is replaced.
   */
  onPoolError?: (error: Error) => void;
  /** Tests and the benchmark only: sees every statement executed. */
  onQuery?: (query: ExecutedQuery) => void;
}

/** How the readiness probe's own connection names itself in pg_stat_activity. */
export const PROBE_APPLICATION_NAME = "wave-readiness-probe";
const PROBE_TIMEOUT_MS = 2_000;
const EMBEDDED_PROBE_TIMEOUT_MS = 10_000;

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function openServerDatabase(options: ServerOptions): WaveDatabase {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    // Never wait forever for a connection: fail the request with a clear error.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") => {
        if (oid === PG_TYPE.date) return parseDate;
        if (oid === PG_TYPE.int8) return parseInt8;
        return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
      }) as typeof pg.types.getTypeParser,
    },
  });
  // A client whose connection breaks emits 'error' on itself; unhandled, that
  // exits the process, and pg-pool listens only while a client is idle. So
  // every client gets a listener the moment it connects: a checked-out one's
  // query fails (the request answers 503) and the pool drops it on release.
  pool.on("connect", (client) => {
    client.on("error", (error) => options.onPoolError?.(error));
    prepareMarkedStatements(client);
  });
  // The pool re-emits an idle client's error, already reported above.
  pool.on("error", () => undefined);
  const probePool = createProbePool(options);
  const counterPool = createCounterPool(options);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), ...queryLog(options.onQuery) });
  return {
    db,
    kind: "server",
    counterPool,
    close: async () => {
      await Promise.all([db.destroy(), probePool.end(), counterPool.end()]);
    },
    probe: () => probeServer(probePool),
    cancelBackend: (pid) => cancelOnServer(probePool, pid),
    listen: (channel, onNotification, onReconnect) =>
      listenOnServer({
        connectionString: options.connectionString,
        channel: checkedChannel(channel),
        onNotification,
        ...(onReconnect ? { onReconnect } : {}),
        ...(options.onPoolError ? { onConnectionLost: options.onPoolError } : {}),
      }),
  };
}

/**
 * The probe's pool of one, apart from the application's: a busy application
 * pool must not fail /readyz, and a dead probe connection is replaced at the
 * next probe.
 */
function createProbePool(options: ServerOptions): pg.Pool {
  const probePool = new pg.Pool({
    connectionString: options.connectionString,
    max: 1,
    application_name: PROBE_APPLICATION_NAME,
    connectionTimeoutMillis: PROBE_TIMEOUT_MS,
    idleTimeoutMillis: 60_000,
    // Server-side too, so a stalled probe never holds a backend.
    statement_timeout: PROBE_TIMEOUT_MS,
  });
  probePool.on("connect", (client) => {
    client.on("error", (error) => options.onPoolError?.(error));
  });
  probePool.on("error", () => undefined);
  return probePool;
}

/** How the shared counters' connections name themselves in pg_stat_activity. */
export const COUNTER_APPLICATION_NAME = "wave-counters";
const COUNTER_TIMEOUT_MS = 2_000;

/**
 * Two connections as wave_app (least privilege: it may touch only what the
 * migrations granted), with short timeouts: a counter that cannot answer
 * fails over to the process's own count (attempt-limits.ts) rather than
 * holding a sign-in.
 */
function createCounterPool(options: ServerOptions): pg.Pool {
  const counterPool = new pg.Pool({
    connectionString: options.connectionString,
    max: 2,
    application_name: COUNTER_APPLICATION_NAME,
    options: "-c role=wave_app",
    connectionTimeoutMillis: COUNTER_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    statement_timeout: COUNTER_TIMEOUT_MS,
  });
  counterPool.on("connect", (client) => {
    client.on("error", (error) => options.onPoolError?.(error));
  });
  counterPool.on("error", () => undefined);
  return counterPool;
}

async function probeServer(probePool: pg.Pool): Promise<void> {
  const client = await probePool.connect();
  try {
    await withTimeout(client.query("select 1"), PROBE_TIMEOUT_MS, "database probe timed out");
    client.release();
  } catch (error) {
    // A connection that failed a probe is not trusted again.
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}

async function cancelOnServer(probePool: pg.Pool, pid: number): Promise<void> {
  await withTimeout(probePool.query("select pg_cancel_backend($1)", [pid]), PROBE_TIMEOUT_MS, "cancel timed out");
}

/** How the listener connection names itself in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = "wave-live-listener";
const RECONNECT_FIRST_DELAY_MS = 250;
const RECONNECT_MAX_DELAY_MS = 10_000;
// A connection can die without a word (a NAT or proxy dropping it): a
// regular round trip finds out, and the reconnect follows.
const LISTENER_PING_INTERVAL_MS = 30_000;
const LISTENER_PING_TIMEOUT_MS = 10_000;

interface ServerListenOptions {
  connectionString: string;
  channel: string;
  onNotification: (payload: string) => void;
  onReconnect?: () => void;
  onConnectionLost?: (error: Error) => void;
}

/**
 * A dedicated connection, never one from the pool: LISTEN belongs to a
 * session, and a pooled connection would carry it into other queries' hands.
 */
async function listenOnServer(options: ServerListenOptions): Promise<StopListening> {
  let current: { client: pg.Client; lose: (error: Error) => void } | null = null;
  let stopped = false;
  let failures = 0;
  let retryTimer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<{ client: pg.Client; lose: (error: Error) => void }> => {
    const client = new pg.Client({
      connectionString: options.connectionString,
      application_name: LISTENER_APPLICATION_NAME,
      keepAlive: true,
    });
    let lost = false;
    const onLost = (error: Error) => {
      if (lost) return;
      lost = true;
      if (current?.client === client) current = null;
      client.end().catch(() => undefined);
      if (stopped) return;
      options.onConnectionLost?.(error);
      scheduleReconnect();
    };
    // Unhandled, an 'error' on an idle client would crash the process.
    client.on("error", onLost);
    client.on("end", () => onLost(new Error("live listener connection ended")));
    client.on("notification", (message) => {
      if (message.channel === options.channel) options.onNotification(message.payload ?? "");
    });
    try {
      await client.connect();
      await client.query(`listen ${options.channel}`);
    } catch (error) {
      lost = true;
      client.end().catch(() => undefined);
      throw error;
    }
    return { client, lose: onLost };
  };

  const scheduleReconnect = () => {
    clearTimeout(retryTimer);
    const delay = Math.min(RECONNECT_FIRST_DELAY_MS * 2 ** failures, RECONNECT_MAX_DELAY_MS);
    retryTimer = setTimeout(() => {
      connect().then(
        (connected) => {
          if (stopped) {
            connected.client.end().catch(() => undefined);
            return;
          }
          current = connected;
          failures = 0;
          options.onReconnect?.();
        },
        (error: unknown) => {
          failures += 1;
          if (stopped) return;
          options.onConnectionLost?.(error instanceof Error ? error : new Error(String(error)));
          scheduleReconnect();
        },
      );
    }, delay);
    retryTimer.unref();
  };

  const ping = async () => {
    const connected = current;
    if (!connected) return;
    let timeout: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        connected.client.query("select 1"),
        new Promise((_resolve, reject) => {
          timeout = setTimeout(() => reject(new Error("live listener did not answer")), LISTENER_PING_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      connected.lose(error instanceof Error ? error : new Error(String(error)));
    } finally {
      clearTimeout(timeout);
    }
  };

  current = await connect();
  const pingTimer = setInterval(() => void ping(), LISTENER_PING_INTERVAL_MS);
  pingTimer.unref();

  return async () => {
    stopped = true;
    clearTimeout(retryTimer);
    clearInterval(pingTimer);
    const connected = current;
    current = null;
    if (connected) await connected.client.end().catch(() => undefined);
  };
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  onPoolError?: (error: Error) => void;
}

/** DATABASE_URL set: that server through a pool. Unset: embedded Postgres in dataDir. */
export async function openDatabase(options: OpenOptions): Promise<WaveDatabase> {
  if (options.databaseUrl) {
    return openServerDatabase({
      connectionString: options.databaseUrl,
      ...(options.onPoolError ? { onPoolError: options.onPoolError } : {}),
    });
  }
  return openEmbeddedDatabase({ dataDir: options.dataDir });
}

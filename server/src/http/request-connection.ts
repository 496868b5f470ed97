import type { Request, RequestHandler, Response } from "express";
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from "kysely";
import { withTransactionLimits, type Database, type TransactionLimits } from "@wave/db";
import { unpinnedConnection, type RequestConnection } from "../context.js";

// One pooled connection per request on a Postgres server (docs/decisions/0016):
// the session lookup, the access check and the work each run their own short
// transaction, all on the connection the request checked out first, instead
// of queueing for the pool two or three times.

/**
 * Procedures that hash a password between their transactions on purpose
 * (argon2 is slow and must not hold a connection): they check out per
 * transaction, as every request did before.
 */
const UNPINNED_PROCEDURES = new Set(["auth.login", "auth.changePassword", "users.create"]);

/** What createContext gives the procedures of one request. */
export interface RequestDatabase {
  db: Kysely<Database>;
  connection: RequestConnection;
}

export interface RequestConnectionOptions {
  /** The app's database, whose pool the connections come from. */
  db: Kysely<Database>;
  /**
   * Pin a connection per request: on a Postgres server. Never on embedded
   * Postgres, whose single connection would then serve one whole request at
   * a time, password hashing and all.
   */
  pin: boolean;
  limits: TransactionLimits;
}

const requestDatabases = new WeakMap<Response, RequestDatabase>();

/** Mount before tRPC: gives each request its database handle (see requestDatabaseOf). */
export function requestConnection(options: RequestConnectionOptions): RequestHandler {
  const shared = withTransactionLimits(options.db, options.limits);
  return (req, res, next) => {
    if (!options.pin || !pinnable(req)) {
      requestDatabases.set(res, { db: shared, connection: unpinnedConnection() });
      next();
      return;
    }
    const lease = new ConnectionLease(options.db);
    const db = withTransactionLimits(new Kysely<Database>({ dialect: new LeaseDialect(lease) }), options.limits);
    requestDatabases.set(res, { db, connection: lease });
    // Sent, failed or abandoned by the client: the connection goes back once
    // the statement in flight (if any) is done; later ones check out their own.
    const end = () => lease.end();
    res.once("finish", end);
    res.once("close", end);
    next();
  };
}

/** The handle requestConnection gave this request, if it ran. */
export function requestDatabaseOf(res: Response): RequestDatabase | undefined {
  return requestDatabases.get(res);
}

function pinnable(req: Request): boolean {
  // Under /trpc the path names the procedures: "/caseload.list" or, batched, "/a,b".
  return !req.path
    .slice(1)
    .split(",")
    .some((procedure) => UNPINNED_PROCEDURES.has(procedure));
}

interface Checkout {
  db: Kysely<Database>;
  release: () => void;
}

/** One connection from `db`'s pool, held until `release` (Kysely's connection(), kept open). */
function checkOut(db: Kysely<Database>): Promise<Checkout> {
  return new Promise((resolve, reject) => {
    db.connection()
      .execute((pinned) => new Promise<void>((release) => resolve({ db: pinned, release: () => release() })))
      .catch(reject);
  });
}

/**
 * The request's connection, checked out at its first query and kept for its
 * next ones. Its transactions take turns on it (a batch runs several
 * procedures), and it is given back when the response ends, while the
 * request waits for something else (whileWaiting), or after a failure that
 * may have broken it. A transaction never outlives its turn, so nothing but
 * the connection itself passes from one to the next.
 */
class ConnectionLease implements RequestConnection {
  readonly #root: Kysely<Database>;
  #checkout: Checkout | null = null;
  #busy = false;
  readonly #queue: (() => void)[] = [];
  #waiting = 0;
  #ended = false;
  #suspect = false;

  constructor(root: Kysely<Database>) {
    this.#root = root;
  }

  async acquire(): Promise<DatabaseConnection> {
    if (this.#busy) await new Promise<void>((resume) => this.#queue.push(resume));
    this.#busy = true;
    try {
      this.#checkout ??= await checkOut(this.#root);
    } catch (error) {
      this.#handOn();
      throw error;
    }
    return new LeasedConnection(this.#checkout.db, () => (this.#suspect = true));
  }

  release(): void {
    const nextInLine = this.#queue.length > 0;
    if (this.#suspect || (!nextInLine && (this.#ended || this.#waiting > 0))) this.#giveBack();
    this.#handOn();
  }

  end(): void {
    this.#ended = true;
    if (!this.#busy) this.#giveBack();
  }

  async whileWaiting<T>(wait: () => Promise<T>): Promise<T> {
    this.#waiting += 1;
    if (!this.#busy) this.#giveBack();
    try {
      return await wait();
    } finally {
      this.#waiting -= 1;
    }
  }

  #handOn(): void {
    const next = this.#queue.shift();
    if (next) next();
    else this.#busy = false;
  }

  #giveBack(): void {
    const checkout = this.#checkout;
    this.#checkout = null;
    this.#suspect = false;
    // pg-pool drops a client that is no longer queryable instead of reusing it.
    checkout?.release();
  }
}

/** A query result's SQLSTATE, when Postgres itself refused the statement. */
function sqlState(error: unknown): string | null {
  if (typeof error !== "object" || error === null || !("code" in error)) return null;
  return typeof error.code === "string" && /^[0-9A-Z]{5}$/.test(error.code) ? error.code : null;
}

/** The leased connection as Kysely's driver sees it. */
class LeasedConnection implements DatabaseConnection {
  readonly #db: Kysely<Database>;
  readonly #onSuspectFailure: () => void;

  constructor(db: Kysely<Database>, onSuspectFailure: () => void) {
    this.#db = db;
    this.#onSuspectFailure = onSuspectFailure;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return await this.#db.executeQuery<R>(query);
    } catch (error) {
      // A statement Postgres refused (a constraint, a timeout) leaves the
      // connection fine; anything else (a lost socket, a shutdown) may not.
      const state = sqlState(error);
      if (!state || state.startsWith("08") || state.startsWith("57P")) this.#onSuspectFailure();
      throw error;
    }
  }

  // Wave does not stream; a whole result is one chunk.
  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    yield await this.executeQuery<R>(query);
  }
}

class LeaseDriver implements Driver {
  readonly #lease: ConnectionLease;

  constructor(lease: ConnectionLease) {
    this.#lease = lease;
  }

  async init(): Promise<void> {}

  acquireConnection(): Promise<DatabaseConnection> {
    return this.#lease.acquire();
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const modes = [settings.isolationLevel ? `isolation level ${settings.isolationLevel}` : "", settings.accessMode ?? ""];
    await connection.executeQuery(CompiledQuery.raw(`start transaction ${modes.join(" ")}`.trim()));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const { rows } = await connection.executeQuery<{ command?: string }>(CompiledQuery.raw("commit"));
    // Postgres answers COMMIT with ROLLBACK when an earlier statement failed (as Kysely's own driver checks).
    if (rows[0]?.command === "ROLLBACK") throw new Error("the transaction was rolled back: a statement in it failed");
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  releaseConnection(): Promise<void> {
    this.#lease.release();
    return Promise.resolve();
  }

  // The pool is the app's; each request's handle is dropped, never destroyed.
  async destroy(): Promise<void> {}
}

class LeaseDialect implements Dialect {
  readonly #lease: ConnectionLease;

  constructor(lease: ConnectionLease) {
    this.#lease = lease;
  }

  createAdapter() {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return new LeaseDriver(this.#lease);
  }

  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }

  createIntrospector(db: Kysely<Database>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}

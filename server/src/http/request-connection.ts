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
import type { Logger } from "../logger.js";

// One pooled connection per request on a Postgres server (docs/decisions/0016):
// the session lookup, the access check and the work each run their own short
// transaction, all on the connection the request checked out first, instead
// of queueing for the pool two or three times. A read whose client goes away
// stops: its running statement is cancelled, nothing more runs, and the
// connection goes back at once (docs/decisions/0030).

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
  /**
   * Cancels the statement the backend `pid` is running (pg_cancel_backend),
   * over a connection that is not the request pool's: when every pooled
   * connection is held by a stalled request, a cancel must not queue behind
   * them. Without it, an abandoned request's statement runs to its end.
   */
  cancelBackend?: ((pid: number) => Promise<void>) | undefined;
  log?: Logger | undefined;
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
    // Only reads are stopped: a write the user sent and then walked away
    // from (saved, then closed the tab) still completes.
    const cancel = req.method === "GET" ? options.cancelBackend : undefined;
    const lease = new ConnectionLease(options.db, cancel, options.log);
    const db = withTransactionLimits(new Kysely<Database>({ dialect: new LeaseDialect(lease) }), options.limits);
    requestDatabases.set(res, { db, connection: lease });
    // Sent or failed: the connection goes back once the statement in flight
    // (if any) is done; later ones check out their own. Closed before the
    // answer was sent: the client went away.
    res.once("finish", () => lease.end());
    res.once("close", () => (res.writableFinished ? lease.end() : lease.abandon()));
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
  connection: DatabaseConnection;
  release: () => void;
}

/**
 * One connection from `db`'s pool, held until `release`: the pool's own
 * connection object (Kysely's executor hands it out, with its query logging),
 * which lives as long as the Postgres session behind it.
 */
function checkOut(db: Kysely<Database>): Promise<Checkout> {
  return new Promise((resolve, reject) => {
    db.getExecutor()
      .provideConnection((connection) => new Promise<void>((release) => resolve({ connection, release: () => release() })))
      .catch(reject);
  });
}

// A session's backend pid never changes: asked once per pooled connection,
// not once per request.
const backendPids = new WeakMap<DatabaseConnection, number>();

async function backendPidOf(connection: DatabaseConnection): Promise<number> {
  const known = backendPids.get(connection);
  if (known !== undefined) return known;
  const { rows } = await connection.executeQuery<{ pid: number }>(CompiledQuery.raw("select pg_backend_pid() as pid"));
  const pid = rows[0]?.pid;
  if (typeof pid !== "number") throw new Error("the database did not say which backend this connection is");
  backendPids.set(connection, pid);
  return pid;
}

/** Why a request's statement was refused: its client had already gone. */
export class ClientWentAway extends Error {
  constructor() {
    super("the client went away before the answer was sent");
  }
}

/**
 * The request's connection, checked out at its first query and kept for its
 * next ones. Its transactions take turns on it (a batch runs several
 * procedures), and it is given back when the response ends, while the
 * request waits for something else (whileWaiting), or after a failure that
 * may have broken it. A transaction never outlives its turn, so nothing but
 * the connection itself passes from one to the next.
 *
 * A read abandoned by its client (abandon) stops: the statement in flight is
 * cancelled, every later statement but the rollback is refused, so the
 * transaction ends and the connection goes back, clean, at once.
 */
class ConnectionLease implements RequestConnection {
  readonly #root: Kysely<Database>;
  readonly #cancelBackend: ((pid: number) => Promise<void>) | undefined;
  readonly #log: Logger | undefined;
  #checkout: Checkout | null = null;
  #pid: number | null = null;
  #busy = false;
  readonly #queue: (() => void)[] = [];
  #waiting = 0;
  #ended = false;
  #suspect = false;
  #inFlight = 0;
  #abandoned = false;
  /** Settles once the cancel sent for this request has been answered. */
  #cancelled: Promise<void> | null = null;

  constructor(root: Kysely<Database>, cancelBackend: ((pid: number) => Promise<void>) | undefined, log: Logger | undefined) {
    this.#root = root;
    this.#cancelBackend = cancelBackend;
    this.#log = log;
  }

  async acquire(): Promise<DatabaseConnection> {
    if (this.#busy) await new Promise<void>((resume) => this.#queue.push(resume));
    this.#busy = true;
    try {
      if (this.#abandoned) throw new ClientWentAway();
      if (!this.#checkout) {
        const checkout = await checkOut(this.#root);
        this.#checkout = checkout;
        // Known before the first statement, so a cancel never has to ask the busy connection.
        if (this.#cancelBackend) this.#pid = await backendPidOf(checkout.connection);
      }
      // Gone while this request queued for the pool: give the connection straight back.
      if (this.#abandoned) throw new ClientWentAway();
    } catch (error) {
      if (!(error instanceof ClientWentAway)) this.#suspect = true;
      if (this.#checkout && (this.#suspect || this.#abandoned)) this.#giveBack();
      this.#handOn();
      throw error;
    }
    return new LeasedConnection(this, this.#checkout.connection);
  }

  /** Runs one statement of the request's current transaction on its connection. */
  async execute<R>(connection: DatabaseConnection, query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#abandoned) {
      if (query.sql !== "rollback") throw new ClientWentAway();
      // A cancel landing on the rollback would leave the session in a failed
      // transaction: it goes only after the cancel has been answered (and so
      // has reached the backend, which ignores it between statements).
      await this.#cancelled;
    }
    this.#inFlight += 1;
    try {
      return await connection.executeQuery<R>(query);
    } catch (error) {
      // A statement Postgres refused (a constraint, a timeout, our cancel)
      // leaves the connection fine; anything else (a lost socket, a shutdown) may not.
      const state = sqlState(error);
      if (!state || state.startsWith("08") || state.startsWith("57P")) this.#suspect = true;
      throw error;
    } finally {
      this.#inFlight -= 1;
    }
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

  /** The client closed the connection before the answer was sent. */
  abandon(): void {
    if (this.#ended) return;
    // A write (no cancel given) finishes what it started, as before.
    if (this.#cancelBackend) {
      this.#abandoned = true;
      if (this.#inFlight > 0 && this.#pid !== null) this.#cancelled = this.#cancel(this.#cancelBackend, this.#pid);
    }
    this.end();
  }

  clientGone(): boolean {
    return this.#abandoned;
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

  async #cancel(cancelBackend: (pid: number) => Promise<void>, pid: number): Promise<void> {
    try {
      await cancelBackend(pid);
    } catch (error) {
      // The statement then runs to its end or its timeout, as it did before cancels.
      this.#log?.warn({ err: error }, "could not cancel an abandoned request's statement");
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
    this.#pid = null;
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
  readonly #lease: ConnectionLease;
  readonly #connection: DatabaseConnection;

  constructor(lease: ConnectionLease, connection: DatabaseConnection) {
    this.#lease = lease;
    this.#connection = connection;
  }

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.#lease.execute<R>(this.#connection, query);
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

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
import { unpinnedConnection, type CallScope, type RequestConnection } from "../context.js";
import type { Logger } from "../logger.js";

// One pooled connection per request on a Postgres server (docs/decisions/0016),
// and on it one transaction per call (docs/decisions/0034): the session
// lookup, the access check, the work and its audit row, committed once before
// the answer goes out, instead of queueing for the pool two or three times and
// committing as often. A read whose client goes away
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
    const lease = new ConnectionLease(options.db, options.limits, cancel, options.log);
    requestDatabases.set(res, { db: lease.databaseFor(NO_CALL), connection: lease });
    // Sent or failed: the connection goes back once the statement in flight
    // (if any) is done; later ones check out their own. Closed before the
    // answer was sent: the client went away.
    res.once("finish", () => lease.end());
    res.once("close", () => (res.writableFinished ? lease.end() : lease.abandon()));
    next();
  };
}

/**
 * A request's pinned database outside HTTP, as requestConnection makes one:
 * for the benchmark's floor, which records the statements one request runs.
 * `end` is the response finishing.
 */
export function pinnedRequestDatabase(db: Kysely<Database>): RequestDatabase & { end: () => void } {
  const lease = new ConnectionLease(db, {}, undefined, undefined);
  return { db: lease.databaseFor(NO_CALL), connection: lease, end: () => lease.end() };
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
 * Which procedure call of the request a statement belongs to. Each call gets
 * a database handle of its own (RequestConnection.call; baseProcedure puts it
 * in the call's context), whose driver names the call when a transaction
 * asks for the connection. Not an AsyncLocalStorage: entering one hooks
 * every promise the process makes (Node 20), a cost on every statement of
 * every request (docs/decisions/0035).
 */
type CallId = symbol;

/** The session lookup createContext runs before any call, through the request's own handle: it belongs to no call. */
const NO_CALL: CallId = Symbol("before any call");

/** A statement through the request's own handle while a call holds the transaction: it would wait for that call forever. */
export class OutsideTheCall extends Error {
  constructor() {
    super("a statement ran on the request's own database while a call held its transaction: a call's statements go through its ctx.db");
  }
}

/** The name every nested block's savepoint takes: blocks never overlap, so one name is enough. */
const BLOCK_SAVEPOINT = "wave_block";

/**
 * How a block (one withActor/withCredential transaction of a service) sits in
 * the request's transaction: it opened it, it joined it with nothing written
 * yet (a failure rolls back only reads), or it runs under a savepoint that
 * keeps earlier writes safe from its own failure.
 */
type BlockStart = "opened" | "joined" | "savepoint";

const BLOCK_SETUP = /^\s*(select set_config\(|set local role\b|savepoint\b|release savepoint\b)/i;
/** A statement that only sets settings for the transaction (db/src/transaction.ts): the setup every block begins with. */
const SETTINGS = /^\s*select set_config\(/i;
/** SET or RESET in any form: it may change what the last settings statement set. */
const SET_OR_RESET = /^\s*(set|reset)\b/i;

/** What a settings statement sets, exactly: its SQL and its values. */
function settingsKey(query: CompiledQuery): string {
  return `${query.sql}\u0000${JSON.stringify(query.parameters)}`;
}
const RAW_QUERY = /^\s*(\/\*[^*]*\*\/\s*)*(select|with)\b/i;
// A raw query that might write after all: a data-changing clause, or one of Wave's own functions.
const MIGHT_WRITE = /\b(insert|update|delete|merge)\b|\bwave_\w+\s*\(/i;

/**
 * A statement that writes nothing: a query, or the setup every block begins
 * with. When unsure it says no: a write taken for a read could be rolled
 * back with a later block's failure, a read taken for a write only costs a
 * savepoint.
 */
function isReadOnly(query: CompiledQuery): boolean {
  const kind = query.query.kind;
  if (kind === "SelectQueryNode") return true;
  if (kind !== "RawNode") return false;
  return BLOCK_SETUP.test(query.sql) || (RAW_QUERY.test(query.sql) && !MIGHT_WRITE.test(query.sql));
}

/**
 * The request's connection and its transaction (docs/decisions/0034). The
 * connection is checked out at the first statement and kept for the next
 * ones; the transaction opened by the first block (the session lookup, for a
 * signed-in request) stays open across the blocks that follow (the access
 * check, the work, the audit row) and is committed once, when the call ends
 * (`call`), before its answer is sent. The services are unchanged: each of
 * their transactions becomes a block of the request's one, under a savepoint
 * once something has been written, so a failing block still undoes only
 * itself and a refusal's audit row (access.denied) is still kept.
 *
 * The calls of a batch take turns by call: one call holds the transaction
 * from its first block to its commit, so whatever a commit decides belongs to
 * that call alone. A call that must wait for something else (whileWaiting)
 * commits, hands the turn on and gives the connection back meanwhile. The
 * connection goes back when the response ends, or after a failure that may
 * have broken it.
 *
 * A read abandoned by its client (abandon) stops: the statement in flight is
 * cancelled, every later statement but the rollback is refused, so the
 * transaction ends and the connection goes back, clean, at once.
 */
class ConnectionLease implements RequestConnection {
  readonly #root: Kysely<Database>;
  readonly #limits: Partial<TransactionLimits>;
  readonly #cancelBackend: ((pid: number) => Promise<void>) | undefined;
  readonly #log: Logger | undefined;
  #checkout: Checkout | null = null;
  #pid: number | null = null;
  /** A block (or a commit) is using the connection now. */
  #busy = false;
  /** The call whose transaction is open: only its blocks may run until it commits. */
  #holder: CallId | null = null;
  readonly #queue: { call: CallId; resume: () => void }[] = [];
  /** A transaction is open on the connection, for the holder (or the session lookup) to commit. */
  #open = false;
  /** The open transaction holds writes: a later block protects them with a savepoint. */
  #wrote = false;
  #block: BlockStart | null = null;
  /** A statement of the current block failed, even if the service caught it. */
  #blockFailed = false;
  /** The block has run no statement yet: its first is its setup. */
  #blockStarting = false;
  /**
   * The last settings statement the open transaction ran (settingsKey), while
   * nothing since can have changed what it set: no other settings statement,
   * no rollback to a savepoint. A joining block whose setup is this same
   * statement would set every value to what it already is, so it is not sent.
   */
  #settings: string | null = null;
  #waiting = 0;
  #ended = false;
  #suspect = false;
  #inFlight = 0;
  #abandoned = false;
  /** Settles once the cancel sent for this request has been answered. */
  #cancelled: Promise<void> | null = null;

  constructor(
    root: Kysely<Database>,
    limits: Partial<TransactionLimits>,
    cancelBackend: ((pid: number) => Promise<void>) | undefined,
    log: Logger | undefined,
  ) {
    this.#root = root;
    this.#limits = limits;
    this.#cancelBackend = cancelBackend;
    this.#log = log;
  }

  /** A database handle on this lease whose statements belong to `call`, under the request's limits. */
  databaseFor(call: CallId): Kysely<Database> {
    return withTransactionLimits(new Kysely<Database>({ dialect: new LeaseDialect(this, call) }), this.#limits);
  }

  async call<T>(work: (scope: CallScope | null) => Promise<T>, succeeded: (value: T) => boolean): Promise<T> {
    const call: CallId = Symbol("call");
    const connection: RequestConnection = {
      request: this,
      // A call inside this call is part of it: same handles, one commit.
      call: (inner) => inner(null),
      whileWaiting: (wait) => this.#whileWaiting(call, wait),
      clientGone: () => this.clientGone(),
    };
    let value: T;
    try {
      value = await work({ db: this.databaseFor(call), connection });
    } catch (error) {
      await this.#settle(call).catch(() => undefined);
      throw error;
    }
    try {
      await this.#settle(call);
    } catch (error) {
      // The call's work is not committed: a success must not be reported.
      if (succeeded(value)) throw error;
      this.#log?.warn({ code: sqlState(error) ?? "unknown" }, "could not commit a failed call's transaction");
    }
    return value;
  }

  async acquire(call: CallId): Promise<DatabaseConnection> {
    if (call === NO_CALL && this.#holder !== null) throw new OutsideTheCall();
    await this.#takeTurn(call);
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

  async beginBlock(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    this.#blockFailed = false;
    const modes = [settings.isolationLevel ? `isolation level ${settings.isolationLevel}` : "", settings.accessMode ?? ""].join(" ").trim();
    // Modes apply to a whole transaction only: such a block gets one of its own.
    if (modes && this.#open) await this.#commit(connection);
    if (!this.#open) {
      await this.execute(connection, CompiledQuery.raw(`start transaction ${modes}`.trim()));
      this.#open = true;
      this.#wrote = false;
      this.#settings = null;
      this.#block = "opened";
    } else if (this.#wrote) {
      await this.execute(connection, CompiledQuery.raw(`savepoint ${BLOCK_SAVEPOINT}`));
      this.#block = "savepoint";
    } else {
      this.#block = "joined";
    }
    this.#blockStarting = true;
  }

  async commitBlock(connection: DatabaseConnection): Promise<void> {
    // As Postgres answers COMMIT with ROLLBACK after a failed statement, even one the service caught.
    if (this.#blockFailed) throw new Error("the transaction was rolled back: a statement in it failed");
    if (this.#block === "savepoint") await this.execute(connection, CompiledQuery.raw(`release savepoint ${BLOCK_SAVEPOINT}`));
    this.#block = null;
  }

  async rollbackBlock(connection: DatabaseConnection): Promise<void> {
    const block = this.#block;
    this.#block = null;
    this.#blockFailed = false;
    // A connection that may be broken, or a read its client abandoned, rolls back all the way.
    if (block === "savepoint" && !this.#abandoned && !this.#suspect) {
      // The block's own settings are undone with it: what holds now is not known here.
      this.#settings = null;
      await this.execute(connection, CompiledQuery.raw(`rollback to savepoint ${BLOCK_SAVEPOINT}`));
      return;
    }
    // Opened or joined with nothing written: the whole transaction goes, reads only.
    this.#open = false;
    this.#wrote = false;
    await this.execute(connection, CompiledQuery.raw("rollback"));
  }

  /** Runs one statement of the request's transaction on its connection. */
  async execute<R>(connection: DatabaseConnection, query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#abandoned) {
      if (query.sql !== "rollback") throw new ClientWentAway();
      // A cancel landing on the rollback would leave the session in a failed
      // transaction: it goes only after the cancel has been answered (and so
      // has reached the backend, which ignores it between statements).
      await this.#cancelled;
    }
    const setup = this.#blockStarting;
    this.#blockStarting = false;
    const settings = SETTINGS.test(query.sql) ? settingsKey(query) : null;
    // A joined block's setup that repeats the transaction's last settings: nothing to set (its result is never read).
    if (settings !== null && setup && this.#block !== "opened" && settings === this.#settings) return { rows: [] };
    if (this.#open && !isReadOnly(query)) this.#wrote = true;
    this.#inFlight += 1;
    try {
      const result = await connection.executeQuery<R>(query);
      if (settings !== null) this.#settings = this.#open ? settings : null;
      else if (SET_OR_RESET.test(query.sql)) this.#settings = null;
      return result;
    } catch (error) {
      if (this.#block) this.#blockFailed = true;
      // A statement Postgres refused (a constraint, a timeout, our cancel)
      // leaves the connection fine; anything else (a lost socket, a shutdown) may not.
      const state = sqlState(error);
      if (!state || state.startsWith("08") || state.startsWith("57P")) this.#suspect = true;
      // A statement outside any block failed inside the open transaction: nothing in it can be committed now.
      if (!this.#block && this.#open && state) await this.#rollbackOpen(connection);
      throw error;
    } finally {
      this.#inFlight -= 1;
    }
  }

  /** A block is done with the connection. */
  release(): void {
    if (this.#suspect) this.#giveBack();
    this.#handOn();
    this.#giveBackIfIdle();
  }

  end(): void {
    this.#ended = true;
    this.#giveBackIfIdle();
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

  /** Outside any call (the request's own): what the session lookup holds is settled at the end anyway. */
  whileWaiting<T>(wait: () => Promise<T>): Promise<T> {
    return this.#whileWaiting(NO_CALL, wait);
  }

  async #whileWaiting<T>(call: CallId, wait: () => Promise<T>): Promise<T> {
    // What the call did so far is committed: the turn and the connection are free while it waits.
    await this.#settle(call);
    this.#waiting += 1;
    this.#giveBackIfIdle();
    try {
      return await wait();
    } finally {
      this.#waiting -= 1;
    }
  }

  /** Waits until the connection is free and no other call holds the transaction. */
  async #takeTurn(call: CallId): Promise<void> {
    const mine = this.#holder === null || this.#holder === call;
    if (this.#busy || !mine) await new Promise<void>((resume) => this.#queue.push({ call, resume }));
    this.#busy = true;
    if (call !== NO_CALL) this.#holder = call;
  }

  /** Ends the call's hold: commits its transaction and lets the next call in. */
  async #settle(call: CallId): Promise<void> {
    if (this.#holder !== call) return;
    await this.#takeTurn(call);
    try {
      if (this.#open && this.#checkout) {
        if (this.#abandoned) await this.#rollbackOpen(this.#checkout.connection);
        else await this.#commit(this.#checkout.connection);
      }
    } finally {
      this.#holder = null;
      if (this.#suspect) this.#giveBack();
      this.#handOn();
      this.#giveBackIfIdle();
    }
  }

  async #commit(connection: DatabaseConnection): Promise<void> {
    this.#open = false;
    this.#wrote = false;
    const { rows } = await this.execute<{ command?: string }>(connection, CompiledQuery.raw("commit"));
    // Postgres answers COMMIT with ROLLBACK when an earlier statement failed (as Kysely's own driver checks).
    if (rows[0]?.command === "ROLLBACK") throw new Error("the transaction was rolled back: a statement in it failed");
  }

  async #rollbackOpen(connection: DatabaseConnection): Promise<void> {
    this.#open = false;
    this.#wrote = false;
    await this.execute(connection, CompiledQuery.raw("rollback")).catch(() => (this.#suspect = true));
  }

  #handOn(): void {
    const index = this.#holder === null ? 0 : this.#queue.findIndex((waiting) => waiting.call === this.#holder);
    const next = index >= 0 ? this.#queue.splice(index, 1)[0] : undefined;
    if (next) next.resume();
    else this.#busy = false;
  }

  /** Gives the connection back once nothing holds it and the request is done with it, or waits elsewhere. */
  #giveBackIfIdle(): void {
    if (this.#busy || this.#holder !== null || !this.#checkout) return;
    if (!this.#ended && this.#waiting === 0) return;
    if (!this.#open) {
      this.#giveBack();
      return;
    }
    // Only the session lookup's transaction can be open with no call holding
    // it (every call commits its own): a request that ran no call, or one
    // whose calls were all refused before any work. Kept when it can be.
    this.#busy = true;
    const connection = this.#checkout.connection;
    const finish = this.#abandoned ? this.#rollbackOpen(connection) : this.#commit(connection);
    void finish
      .catch((error: unknown) => this.#log?.warn({ code: sqlState(error) ?? "unknown" }, "could not commit a session lookup"))
      .finally(() => {
        this.#giveBack();
        this.#handOn();
      });
  }

  async #cancel(cancelBackend: (pid: number) => Promise<void>, pid: number): Promise<void> {
    try {
      await cancelBackend(pid);
    } catch (error) {
      // The statement then runs to its end or its timeout, as it did before cancels.
      this.#log?.warn({ err: error }, "could not cancel an abandoned request's statement");
    }
  }

  #giveBack(): void {
    const checkout = this.#checkout;
    const open = this.#open;
    this.#checkout = null;
    this.#pid = null;
    this.#suspect = false;
    this.#open = false;
    this.#wrote = false;
    if (!checkout) return;
    // pg-pool drops a client that is no longer queryable instead of reusing
    // it; one that still answers must not go back inside a transaction.
    if (!open) checkout.release();
    else void checkout.connection.executeQuery(CompiledQuery.raw("rollback")).catch(() => undefined).finally(checkout.release);
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
  readonly #call: CallId;

  constructor(lease: ConnectionLease, call: CallId) {
    this.#lease = lease;
    this.#call = call;
  }

  async init(): Promise<void> {}

  acquireConnection(): Promise<DatabaseConnection> {
    return this.#lease.acquire(this.#call);
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#lease.beginBlock(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#lease.commitBlock(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#lease.rollbackBlock(connection);
  }

  releaseConnection(): Promise<void> {
    this.#lease.release();
    return Promise.resolve();
  }

  // The pool is the app's; each request's handle is dropped, never destroyed.
  async destroy(): Promise<void> {}
}

// Compiling is synchronous and a compiler keeps nothing from one compile to
// the next, so one serves every request's handles: building one (its visitor
// table) for each handle cost about 25 µs a request in a CPU profile of the
// c=1 caseload.
const QUERY_COMPILER = new PostgresQueryCompiler();
const ADAPTER = new PostgresAdapter();

class LeaseDialect implements Dialect {
  readonly #lease: ConnectionLease;
  readonly #call: CallId;

  constructor(lease: ConnectionLease, call: CallId) {
    this.#lease = lease;
    this.#call = call;
  }

  createAdapter() {
    return ADAPTER;
  }

  createDriver(): Driver {
    return new LeaseDriver(this.#lease, this.#call);
  }

  createQueryCompiler() {
    return QUERY_COMPILER;
  }

  createIntrospector(db: Kysely<Database>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}

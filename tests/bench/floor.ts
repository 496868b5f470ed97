import pg from "pg";
import { openServerDatabase, pgQueryFor, type ExecutedQuery } from "@wave/db";
import { pinnedRequestForToken } from "@wave/server/testing";
import type { Endpoint, Persona } from "./endpoints.js";
import { loopSamples, type Samples } from "./load.js";

/**
 * The floor (docs/decisions/0029): the statements one call of an endpoint
 * runs, captured in-process through the db package's onQuery hook, then
 * replayed through the driver alone: same SQL, same parameters, same order,
 * on one connection per call as the server pins one per request, with the
 * app's own begin/commit, savepoints and set_config statements (the role among them).
 */
export interface CapturedCall {
  statements: ExecutedQuery[];
  transactions: number;
}

export interface StatementCapture {
  capture(endpoint: Endpoint): Promise<CapturedCall>;
  close(): Promise<void>;
}

const isBegin = (statement: ExecutedQuery) => /^\s*(begin|start transaction)\b/i.test(statement.sql);

/** Opens the bench database with a statement recorder; `tokens` are the personas' session tokens (from the HTTP sign-in). */
export function openStatementCapture(connectionString: string, tokens: Record<Persona, string>): StatementCapture {
  let recording: ExecutedQuery[] | null = null;
  const database = openServerDatabase({ connectionString, onQuery: (query) => recording?.push(query) });
  const callOnce = async (endpoint: Endpoint) => {
    // The session lookup a request makes, then the procedure, on one pinned
    // connection in the request's one transaction: what one request runs.
    const request = await pinnedRequestForToken(database.db, tokens[endpoint.persona]);
    try {
      await endpoint.call(request.caller);
    } finally {
      request.end();
    }
  };
  return {
    async capture(endpoint) {
      await callOnce(endpoint); // warm: the recorded call is not a first call
      const statements: ExecutedQuery[] = [];
      recording = statements;
      try {
        await callOnce(endpoint);
      } finally {
        recording = null;
      }
      const transactions = statements.filter(isBegin).length;
      // Without its begin, `set local` would not hold and row-level security would see no one: not the app's work.
      if (transactions === 0) throw new Error(`no transaction was captured for ${endpoint.name}; the floor would not be the app's SQL`);
      return { statements, transactions };
    },
    close: () => database.close(),
  };
}

/** Replays a captured call on one pooled connection; a failed statement rolls the open transaction back and fails the call. */
async function replay(pool: pg.Pool, statements: readonly ExecutedQuery[]): Promise<void> {
  const client = await pool.connect();
  try {
    // Prepared where the app prepares (db/src/connection.ts), so the floor plans no more than the app does.
    for (const statement of statements) await client.query(pgQueryFor(statement.sql, statement.parameters));
    client.release();
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    client.release();
    throw error;
  }
}

export interface FloorRunner {
  /** Replays the call once: a statement that cannot be replayed is an error to see, not a fast floor. */
  check(call: CapturedCall): Promise<void>;
  samples(call: CapturedCall, workers: number, seconds: number): Promise<Samples>;
  close(): Promise<void>;
}

/** A pg.Pool of `maxWorkers` on the bench database, as the floor's only client. */
export function openFloorRunner(connectionString: string, maxWorkers: number): FloorRunner {
  const pool = new pg.Pool({ connectionString, max: maxWorkers });
  pool.on("error", () => undefined);
  return {
    check: (call) => replay(pool, call.statements),
    samples: (call, workers, seconds) => loopSamples(workers, seconds, () => replay(pool, call.statements)),
    close: () => pool.end(),
  };
}

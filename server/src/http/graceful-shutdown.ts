import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import net, { type Socket } from "node:net";
import { notServingHandler } from "./not-serving-handler.js";

/**
 * An HTTP server that can stop without cutting anyone off
 * (docs/decisions/0015-surviving-database-faults.md). On drain: requests in
 * flight finish; every request that arrives after, on a kept-alive
 * connection or a new one, is answered at once with a 503, Retry-After and
 * `Connection: close` (no new database work starts); connections that stay
 * idle are closed; the port closes once the requests in flight are done.
 */
export interface DrainableServer {
  server: Server;
  /** Replaces what answers requests: the start-up handler gives way to the app. */
  setHandler(handler: RequestListener): void;
  /** True once drain has begun. */
  stopping(): boolean;
  /**
   * Resolves true when every request in flight finished and every connection
   * closed within `boundMs`; false when some were still busy then and were cut.
   */
  drain(boundMs: number): Promise<boolean>;
}

interface ConnectionState {
  /** Requests being answered on this connection. */
  active: number;
  /** When the last of them finished (or the connection opened). */
  idleSince: number;
  /** Sweeps in a row that found it idle. */
  idleSweeps: number;
}

/**
 * A connection idle this long after drain began is closed. A client that
 * sends a request in that time gets an answer with `Connection: close`
 * instead of a reset; one that stays quiet loses nothing.
 */
const IDLE_GRACE_MS = 1_000;
const SWEEP_INTERVAL_MS = 100;
/**
 * Embedded Postgres runs queries on the main thread, so the event loop can
 * stall for longer than the grace, and timers run before pending socket
 * reads: a request already sent would look idle. Between two sweeps the
 * loop always reads its sockets, so idle at two sweeps in a row is idle.
 */
const IDLE_SWEEPS = 2;
/**
 * Once the work is done the port closes at a quiet moment (no connection
 * opened for two sweeps), or after this long regardless: a client that
 * reconnects at once instead of honouring Retry-After keeps it from ever
 * being quiet.
 */
const QUIET_WAIT_MS = 1_000;

export function createDrainableServer(initial: RequestListener): DrainableServer {
  let handler = initial;
  let stopping = false;
  /** Requests handed to the handler (not the 503s of a shutdown) and not yet finished. */
  let working = 0;
  const connections = new Map<Socket, ConnectionState>();
  const refuse = notServingHandler("stopping");

  let lastConnectionAt = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const state = connections.get(req.socket);
    if (state) {
      state.active += 1;
      state.idleSweeps = 0;
      res.once("close", () => {
        state.active -= 1;
        state.idleSince = Date.now();
      });
    }
    if (stopping) {
      // Node closes the connection once this answer is sent.
      res.setHeader("Connection", "close");
      refuse(req, res);
      return;
    }
    working += 1;
    res.once("close", () => {
      working -= 1;
    });
    handler(req, res);
  });
  server.on("connection", (socket: Socket) => {
    lastConnectionAt = Date.now();
    connections.set(socket, { active: 0, idleSince: lastConnectionAt, idleSweeps: 0 });
    socket.once("close", () => connections.delete(socket));
  });

  const drain = (boundMs: number): Promise<boolean> => {
    stopping = true;
    const started = Date.now();
    for (const state of connections.values()) state.idleSince = Math.max(state.idleSince, started);
    let listening = true;
    let workDoneAt: number | undefined;
    // Not server.close(): since Node 19 it also destroys idle keep-alive
    // connections at once, resetting any request a client is just sending.
    // And not yet: while requests are at work (embedded Postgres stalls the
    // event loop), connections pile up unaccepted in the kernel's queue, and
    // closing the port resets every one of them. Once the work is done the
    // loop accepts at once and answers 503, and the port closes in a quiet
    // moment: only a connection opened in that very instant is reset.
    const stopListening = () => {
      if (!listening) return;
      listening = false;
      net.Server.prototype.close.call(server);
    };
    return new Promise((resolve) => {
      const sweep = setInterval(() => {
        const now = Date.now();
        if (working === 0) {
          workDoneAt ??= now;
          const quiet = now - lastConnectionAt >= IDLE_SWEEPS * SWEEP_INTERVAL_MS;
          if (quiet || now - workDoneAt >= QUIET_WAIT_MS) stopListening();
        }
        for (const [socket, state] of connections) {
          state.idleSweeps = state.active === 0 ? state.idleSweeps + 1 : 0;
          if (state.idleSweeps >= IDLE_SWEEPS && now - state.idleSince >= IDLE_GRACE_MS) socket.destroy();
        }
        if (!listening && connections.size === 0) {
          clearInterval(sweep);
          resolve(true);
        } else if (now - started >= boundMs) {
          clearInterval(sweep);
          stopListening();
          for (const socket of connections.keys()) socket.destroy();
          resolve(working === 0);
        }
      }, SWEEP_INTERVAL_MS);
    });
  };

  return {
    server,
    setHandler: (next) => {
      handler = next;
    },
    stopping: () => stopping,
    drain,
  };
}

/** Listens on `port`; rejects if it cannot (the port is taken, say). */
export function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once("error", onError);
    server.listen(port, () => {
      server.off("error", onError);
      resolve();
    });
  });
}

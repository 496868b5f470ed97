import { existsSync } from "node:fs";
import path from "node:path";
import type { TRPCError } from "@trpc/server";
import express, { type Express, type RequestHandler } from "express";
import helmet from "helmet";
import { sql, type Kysely } from "kysely";
import { DEFAULT_TRANSACTION_LIMITS, withTransactionLimits, type Database, type DatabaseKind, type TransactionLimits } from "@wave/db";
import { AttemptsExhausted, createAttemptLimiter, DEFAULT_ATTEMPT_LIMITS, type AttemptLimitOptions, type CounterPool } from "./auth/attempt-limits.js";
import { systemClock } from "./context.js";
import { databaseUnavailableReason, RETRY_AFTER_SECONDS } from "./database-errors.js";
import { createHeavyWorkLimiter, DEFAULT_HEAVY_WORK, type HeavyWorkOptions } from "./heavy-procedure.js";
import { isSelfReportPath, isUnversionedAsset } from "./http/client-assets.js";
import { compressResponses } from "./http/compression.js";
import { createContext } from "./http/create-context.js";
import { ClientWentAway, requestConnection } from "./http/request-connection.js";
import { MAX_BATCH_CALLS, MAX_BODY_BYTES } from "./http/request-limits.js";
import { noStore, sameOriginMutations } from "./http/same-origin.js";
import { trpcHandler } from "./http/trpc-handler.js";
import type { ChangeFeed } from "./live/change-feed.js";
import { eventsRoute } from "./live/events.route.js";
import type { Logger } from "./logger.js";
import { appRouter } from "./router.js";
import { createSelfReportLimiter, DEFAULT_SELF_REPORT_LIMITS, type SelfReportLimitOptions } from "./self-report/self-report.limits.js";

export interface AppOptions {
  db: Kysely<Database>;
  /**
   * A read replica (READ_DATABASE_URL) that the lead's practice-wide
   * analytics read from; their audit rows, and everything else, stay on `db`.
   * Unset: analytics read `db` (docs/decisions/0028-practice-aggregates.md).
   */
  readDb?: Kysely<Database> | undefined;
  log: Logger;
  /** The built client (client/dist) to serve, if any. */
  clientDist?: string | undefined;
  /** In development, Vite's middleware serves the client with hot reload instead. */
  clientMiddleware?: RequestHandler | undefined;
  /** Failed password attempts allowed per account and per address (default DEFAULT_ATTEMPT_LIMITS). */
  attemptLimits?: AttemptLimitOptions | undefined;
  /** Calls per link and per address on the public self-report procedures (default DEFAULT_SELF_REPORT_LIMITS). */
  selfReportLimits?: SelfReportLimitOptions | undefined;
  /** The database's counterPool on a Postgres server, so every app server shares the counts; without it, this process counts alone. */
  counterPool?: CounterPool | undefined;
  trustProxy: boolean;
  /** Aggregates resting on fewer clients are suppressed (default 5). */
  smallCellThreshold?: number;
  /** Live updates for open screens (GET /events); see startChangeFeed. */
  changeFeed?: ChangeFeed | undefined;
  /**
   * Checks the database for /readyz with a connection of its own
   * (WaveDatabase.probe), so a busy pool is not an outage. Default: a query
   * through `db`.
   */
  probe?: (() => Promise<void>) | undefined;
  /** The engine behind `db`: on a Postgres server each request pins one pooled connection (docs/decisions/0016). Default: embedded. */
  databaseKind?: DatabaseKind | undefined;
  /**
   * Cancels a backend's running statement over a connection of its own
   * (WaveDatabase.cancelBackend): on a Postgres server, a read whose client
   * went away is stopped with it (docs/decisions/0030). Without it, the
   * statement runs to its end.
   */
  cancelBackend?: ((pid: number) => Promise<void>) | undefined;
  /** Statement and lock timeouts of every application transaction (default DEFAULT_TRANSACTION_LIMITS). */
  transactionLimits?: TransactionLimits | undefined;
  /** The bound on the lead's heavy analytics (default DEFAULT_HEAVY_WORK). */
  analytics?: HeavyWorkOptions | undefined;
  now?: () => Date;
}

const READY_TIMEOUT_MS = 2_000;

function queryProbe(db: Kysely<Database>): () => Promise<void> {
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        sql`select 1`.execute(db),
        new Promise((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error("database timeout")), READY_TIMEOUT_MS);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** The longest wait any of a response's errors asks for, if any does. */
function retryAfterSeconds(errors: readonly TRPCError[]): number | undefined {
  const waits = errors.flatMap((error) => {
    if (error.cause instanceof AttemptsExhausted) return [error.cause.retryAfterSeconds];
    return error.code === "SERVICE_UNAVAILABLE" ? [RETRY_AFTER_SECONDS] : [];
  });
  return waits.length > 0 ? Math.max(...waits) : undefined;
}

export function createApp(options: AppOptions): Express {
  const { db, log } = options;
  // Per app, which is per process outside tests.
  const heavyWork = createHeavyWorkLimiter(options.analytics ?? DEFAULT_HEAVY_WORK);
  const attemptLimiter = createAttemptLimiter(options.attemptLimits ?? DEFAULT_ATTEMPT_LIMITS, options.counterPool);
  const selfReportLimiter = createSelfReportLimiter(options.selfReportLimits ?? DEFAULT_SELF_REPORT_LIMITS, options.counterPool);
  const now = options.now ?? systemClock;
  const readDb = options.readDb ? withTransactionLimits(options.readDb, options.transactionLimits ?? DEFAULT_TRANSACTION_LIMITS) : null;
  const app = express();
  app.disable("x-powered-by");
  if (options.trustProxy) app.set("trust proxy", 1);

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Vite's dev client needs inline scripts and a websocket; production needs neither.
          "script-src": options.clientMiddleware ? ["'self'", "'unsafe-inline'"] : ["'self'"],
          "style-src": ["'self'", "'unsafe-inline'"],
          "connect-src": options.clientMiddleware ? ["'self'", "ws:"] : ["'self'"],
          "upgrade-insecure-requests": null,
        },
      },
    }),
  );

  app.use(compressResponses());

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  const probe = options.probe ?? queryProbe(db);
  // Logged when readiness changes, not at every poll of a load balancer.
  let lastReady = true;
  app.get("/readyz", async (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    try {
      await probe();
      if (!lastReady) log.info("database answering again: ready");
      lastReady = true;
      res.json({ status: "ready" });
    } catch (error) {
      // A code only: an error's text may quote the connection string.
      if (lastReady) log.warn({ reason: databaseUnavailableReason(error) ?? "unknown" }, "database not answering: not ready");
      lastReady = false;
      res.status(503).setHeader("Retry-After", String(RETRY_AFTER_SECONDS)).json({ status: "unavailable", reason: "database not answering" });
    }
  });

  app.use(
    "/trpc",
    noStore(),
    sameOriginMutations(),
    requestConnection({
      db,
      pin: options.databaseKind === "server",
      limits: options.transactionLimits ?? DEFAULT_TRANSACTION_LIMITS,
      cancelBackend: options.cancelBackend,
      log,
    }),
    trpcHandler({
      router: appRouter,
      // One request must not stall the server: the adapter refuses beyond these (413, 400).
      maxBodySize: MAX_BODY_BYTES,
      maxBatchSize: MAX_BATCH_CALLS,
      // The self-report page sends its queries as POSTs (a link's token must
      // not sit in a URL); a POST still passes the same-origin JSON check.
      allowMethodOverride: true,
      createContext: (request) =>
        createContext({ heavyWork, attemptLimiter, selfReportLimiter, log, now, readDb, smallCellThreshold: options.smallCellThreshold }, request),
      // A retryable answer says when to retry (CONTRACT.md: 503 with Retry-After).
      responseMeta({ errors }) {
        const wait = retryAfterSeconds(errors);
        return wait === undefined ? {} : { headers: { "Retry-After": String(wait) } };
      },
      onError({ error, path: procedure, ctx }) {
        // Codes and paths only: inputs carry health data, and a driver error can quote query values.
        const logger = ctx?.log ?? log;
        // Gone during the session lookup, there is no context yet: the cause says it.
        if (ctx?.connection.clientGone?.() || error.cause instanceof ClientWentAway) {
          // Its statement was cancelled on purpose: not the database being away, not a failure.
          logger.info({ procedure, code: error.code }, "client went away; its read was stopped");
        } else if (error.code === "SERVICE_UNAVAILABLE") {
          logger.warn({ procedure, code: error.code, reason: databaseUnavailableReason(error.cause) }, "database unavailable");
        } else if (error.code === "INTERNAL_SERVER_ERROR") {
          logger.error({ procedure, code: error.code, err: error.cause ?? error }, "procedure failed");
        } else {
          logger.info({ procedure, code: error.code }, "procedure refused");
        }
      },
    }),
  );

  app.get("/events", eventsRoute({ db, feed: options.changeFeed, log, now }));

  if (options.clientMiddleware) {
    app.use(options.clientMiddleware);
  } else if (options.clientDist && existsSync(options.clientDist)) {
    const clientDist = options.clientDist;
    app.use(
      express.static(clientDist, {
        index: false,
        maxAge: "1h",
        // The service worker and the manifest name the files of the current build: a stale copy would keep an old page.
        setHeaders: (res, file) => {
          if (isUnversionedAsset(file)) res.setHeader("Cache-Control", "no-cache");
        },
      }),
    );
    // Client-side routes (/caseload, /clients/:id) all load the app shell; /r is the client's self-report page.
    app.get(/^(?!\/trpc).*/, (req, res) => {
      res.setHeader("Cache-Control", "no-store");
      res.sendFile(path.join(clientDist, isSelfReportPath(req.path) ? "report.html" : "index.html"));
    });
  }

  return app;
}

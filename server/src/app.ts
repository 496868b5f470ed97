import { existsSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import express, { type Express, type RequestHandler } from "express";
import helmet from "helmet";
import { sql, type Kysely } from "kysely";
import type { Database } from "@wave/db";
import { resolveSession } from "./auth/auth.service.js";
import { createContextInner } from "./context.js";
import { expressSessionCookie, readSessionToken } from "./http/session-cookie.js";
import { loginRateLimit } from "./http/rate-limits.js";
import type { ChangeFeed } from "./live/change-feed.js";
import { eventsRoute } from "./live/events.route.js";
import type { Logger } from "./logger.js";
import { appRouter } from "./router.js";

export interface AppOptions {
  db: Kysely<Database>;
  log: Logger;
  /** The built client (client/dist) to serve, if any. */
  clientDist?: string | undefined;
  /** In development, Vite's middleware serves the client with hot reload instead. */
  clientMiddleware?: RequestHandler | undefined;
  loginRateLimit: number;
  trustProxy: boolean;
  /** Aggregates resting on fewer clients are suppressed (default 5). */
  smallCellThreshold?: number;
  /** Live updates for open screens (GET /events); see startChangeFeed. */
  changeFeed?: ChangeFeed | undefined;
  now?: () => Date;
}

const READY_TIMEOUT_MS = 2_000;

export function createApp(options: AppOptions): Express {
  const { db, log } = options;
  const now = options.now ?? (() => new Date());
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

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  app.get("/readyz", async (_req, res) => {
    try {
      await Promise.race([
        sql`select 1`.execute(db),
        new Promise((_resolve, reject) => setTimeout(() => reject(new Error("database timeout")), READY_TIMEOUT_MS)),
      ]);
      res.json({ status: "ready" });
    } catch (error) {
      log.warn({ err: error }, "readiness check failed");
      res.status(503).json({ status: "unavailable", reason: "database not answering" });
    }
  });

  app.use(
    "/trpc",
    loginRateLimit(options.loginRateLimit),
    createExpressMiddleware({
      router: appRouter,
      async createContext({ req, res }) {
        const requestId = randomUUID();
        res.setHeader("X-Request-Id", requestId);
        const token = readSessionToken(req);
        const session = token ? await resolveSession(db, token, now()) : null;
        return createContextInner({
          db,
          session,
          log: log.child({ requestId }),
          sessionCookie: expressSessionCookie(req, res),
          now,
          ...(options.smallCellThreshold ? { settings: { smallCellThreshold: options.smallCellThreshold } } : {}),
        });
      },
      onError({ error, path: procedure, ctx }) {
        // Codes and paths only: inputs carry health data.
        const logger = ctx?.log ?? log;
        if (error.code === "INTERNAL_SERVER_ERROR") {
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
    app.use(express.static(clientDist, { index: false, maxAge: "1h" }));
    // Client-side routes (/caseload, /clients/:id) all load the app shell.
    app.get(/^(?!\/trpc).*/, (_req, res) => {
      res.setHeader("Cache-Control", "no-store");
      res.sendFile(path.join(clientDist, "index.html"));
    });
  }

  return app;
}

import type { RequestListener, ServerResponse } from "node:http";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import { RETRY_AFTER_SECONDS } from "../database-errors.js";

type Phase = "starting" | "stopping";

const MESSAGES: Record<Phase, string> = {
  starting: "Wave is starting. Please try again in a moment.",
  stopping: "Wave is restarting. Please try again in a moment.",
};

function send(res: ServerResponse, status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "no-store",
    ...extraHeaders,
  });
  res.end(JSON.stringify(body));
}

/**
 * What answers while Wave is not serving: before the database is ready
 * ("starting") and once a shutdown has begun ("stopping"). The process is
 * alive (/healthz 200) but not ready (/readyz 503), and every other request
 * gets a retryable 503 without touching the database, shaped as a tRPC
 * error under /trpc so a client shows the message.
 */
export function notServingHandler(phase: Phase): RequestListener {
  return (req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const retryAfter = { "Retry-After": String(RETRY_AFTER_SECONDS) };
    if (path === "/healthz") {
      send(res, 200, { status: "ok" });
    } else if (path === "/readyz") {
      send(res, 503, { status: phase }, retryAfter);
    } else if (path.startsWith("/trpc/")) {
      const procedure = path.slice("/trpc/".length);
      send(
        res,
        503,
        {
          error: {
            message: MESSAGES[phase],
            code: TRPC_ERROR_CODES_BY_KEY.SERVICE_UNAVAILABLE,
            data: { code: "SERVICE_UNAVAILABLE", httpStatus: 503, path: procedure, fieldErrors: null, conflict: null },
          },
        },
        retryAfter,
      );
    } else {
      send(res, 503, { error: { message: MESSAGES[phase] } }, retryAfter);
    }
  };
}

import type { Request, RequestHandler, Response } from "express";
import type { Kysely } from "kysely";
import type { Database } from "@wave/db";
import type { LiveChange } from "@wave/shared";
import { resolveSession } from "../auth/auth.service.js";
import type { Session } from "../context.js";
import { readSessionToken } from "../http/session-cookie.js";
import type { Logger } from "../logger.js";
import type { ChangeFeed, ChangeSubscriber, Viewer } from "./change-feed.js";

export interface EventsRouteOptions {
  db: Kysely<Database>;
  /** Undefined when live updates are not running (an app built without a feed). */
  feed: ChangeFeed | undefined;
  log: Logger;
  now: () => Date;
  /** Comment lines keep proxies from closing a quiet stream; each also re-checks the session. */
  heartbeatMs?: number;
}

const HEARTBEAT_MS = 25_000;
/** The browser's EventSource waits this long before reconnecting. */
const RETRY_MS = 2_000;
/** A stream this far behind has a reader that stopped reading: end it. */
const MAX_BUFFERED_BYTES = 256 * 1024;

function refuse(res: Response, status: number, message: string): void {
  res.status(status).set("Cache-Control", "no-store").json({ error: { message } });
}

function viewerOf(session: Session): Viewer {
  return { userId: session.user.id, practiceId: session.user.practiceId, role: session.user.role };
}

/**
 * GET /events: server-sent events telling an open screen what changed, as
 * `event: change` with `{kind, clientId}`, or `event: resync` when changes may
 * have been missed. Authenticated by the session cookie exactly as /trpc is.
 */
export function eventsRoute(options: EventsRouteOptions): RequestHandler {
  const { db, feed, log, now } = options;
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;

  const resolve = async (req: Request, res: Response): Promise<{ token: string; session: Session } | null> => {
    const token = readSessionToken(req);
    try {
      const session = token ? await resolveSession(db, token, now()) : null;
      if (!token || !session) {
        refuse(res, 401, "Please sign in to continue.");
        return null;
      }
      if (session.user.mustChangePassword) {
        refuse(res, 403, "Choose a new password before anything else.");
        return null;
      }
      return { token, session };
    } catch (error) {
      log.error({ err: error }, "live event stream could not check the session");
      refuse(res, 503, "Live updates are unavailable right now.");
      return null;
    }
  };

  return async (req, res) => {
    const resolved = await resolve(req, res);
    if (!resolved) return;
    if (!feed) {
      refuse(res, 503, "Live updates are not running.");
      return;
    }
    // Gone while its session was being checked: no close event would come to end it.
    if (req.socket.destroyed) return;
    let viewer = viewerOf(resolved.session);
    let closed = false;

    const write = (text: string) => {
      if (closed) return;
      res.write(text);
      if (res.writableLength > MAX_BUFFERED_BYTES) end();
    };
    const subscriber: ChangeSubscriber = {
      viewer: () => viewer,
      change: (change: LiveChange) => write(`event: change\ndata: ${JSON.stringify(change)}\n\n`),
      // EventSource drops an event with no data line.
      resync: () => write("event: resync\ndata: {}\n\n"),
      close: () => end(),
    };
    const unsubscribe = feed.subscribe(subscriber);

    // Still signed in? Checked without counting as activity, so an open tab
    // does not keep a session alive past its idle timeout.
    const heartbeat = setInterval(() => {
      write(": heartbeat\n\n");
      resolveSession(db, resolved.token, now(), { touch: false }).then(
        (session) => {
          if (!session || session.user.mustChangePassword) end();
          else viewer = viewerOf(session);
        },
        (error: unknown) => log.warn({ err: error }, "live event stream could not re-check its session"),
      );
    }, heartbeatMs);

    function end(): void {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      res.end();
    }
    // The response's close, not the request's: that one can fire as soon as the request is read.
    res.on("close", end);

    res.status(200).set({
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      // nginx and similar proxies would otherwise hold events back in a buffer.
      "X-Accel-Buffering": "no",
    });
    res.flushHeaders();
    write(`retry: ${RETRY_MS}\n: connected\n\n`);
  };
}

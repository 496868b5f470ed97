import type { Request } from "express";
import type { RequestOrigin } from "../context.js";

const MAX_USER_AGENT_CHARS = 200;

/**
 * The peer's address (Express applies `trust proxy`, so behind the one trusted
 * proxy this is the address it reports) and the browser's description, kept
 * short: it is shown in the user's list of sessions, and stored. The base URL
 * is the one the browser used: the protocol as Express sees it (the proxy's
 * X-Forwarded-Proto when trusted) and the Host it sent, as isSameOrigin checks it.
 */
export function requestOriginOf(req: Request): RequestOrigin {
  const userAgent = req.get("user-agent")?.trim();
  return {
    address: req.ip ?? req.socket.remoteAddress ?? "unknown",
    userAgent: userAgent ? [...userAgent].slice(0, MAX_USER_AGENT_CHARS).join("") : null,
    baseUrl: `${req.protocol}://${req.get("host") ?? "localhost"}`,
  };
}

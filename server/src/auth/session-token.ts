import { createHash, randomBytes } from "node:crypto";

export const SESSION_IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, so reads stay reads. */
export const SESSION_TOUCH_INTERVAL_MS = 60 * 1000;

/** 256 random bits; only the cookie ever holds the token itself. */
export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

/** The database keeps the hash, so a leaked table grants no sessions. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

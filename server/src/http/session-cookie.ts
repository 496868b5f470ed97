import { parse as parseCookies, serialize } from "cookie";
import type { Request, Response } from "express";
import type { SessionCookie } from "../context.js";

export const SESSION_COOKIE = "wave_session";

export function readSessionToken(req: Request): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  const token = parseCookies(header)[SESSION_COOKIE];
  // Tokens are 43 base64url characters; anything else is not ours.
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : null;
}

/** HttpOnly, SameSite=Lax, Secure whenever the request came over HTTPS. */
export function expressSessionCookie(req: Request, res: Response): SessionCookie {
  const base = { httpOnly: true, sameSite: "lax" as const, secure: req.secure, path: "/" };
  return {
    set(token, expiresAt) {
      res.append("Set-Cookie", serialize(SESSION_COOKIE, token, { ...base, expires: expiresAt }));
    },
    clear() {
      res.append("Set-Cookie", serialize(SESSION_COOKIE, "", { ...base, expires: new Date(0) }));
    },
  };
}

import type { Request, RequestHandler, Response } from "express";

// CONTRACT.md: mutations accept only application/json from the same origin.
// A cross-site form can POST text/plain, multipart or urlencoded without a
// preflight, so the type and the browser's own Origin / Fetch-Metadata
// headers are checked before any work (session lookup included). A script
// that sends neither header is not a browser and is let through.

/** Fetch-Metadata values a browser sends for the app's own requests (or one the user typed). */
const SAME_SITE_FETCHES = new Set(["same-origin", "none"]);

function refuse(res: Response, httpStatus: 403 | 415, code: "FORBIDDEN" | "UNSUPPORTED_MEDIA_TYPE", message: string): void {
  res.status(httpStatus).json({
    error: { message, code: httpStatus === 403 ? -32003 : -32015, data: { code, httpStatus, fieldErrors: null } },
  });
}

function mediaType(req: Request): string {
  return (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/** Whether the request comes from the app's own pages (or from no browser at all). */
export function isSameOrigin(req: Request): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined) return origin === `${req.protocol}://${req.get("host") ?? ""}`;
  const site = req.headers["sec-fetch-site"];
  return site === undefined || SAME_SITE_FETCHES.has(site);
}

/** Mount first under /trpc: refuses a POST that is not same-origin JSON. */
export function sameOriginMutations(): RequestHandler {
  return (req, res, next) => {
    if (req.method !== "POST") {
      next();
      return;
    }
    if (!isSameOrigin(req)) {
      refuse(res, 403, "FORBIDDEN", "This request came from another site and was refused.");
      return;
    }
    if (mediaType(req) !== "application/json") {
      refuse(res, 415, "UNSUPPORTED_MEDIA_TYPE", "Send the request body as application/json.");
      return;
    }
    next();
  };
}

/** Every API answer, errors included, holds health data or session state: never cached. */
export function noStore(): RequestHandler {
  return (_req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    next();
  };
}

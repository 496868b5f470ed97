import { rateLimit } from "express-rate-limit";
import type { Request } from "express";

/** Paths of a (possibly batched) tRPC request: /trpc/a.b,c.d -> ["a.b", "c.d"]. */
function trpcPaths(req: Request): string[] {
  return req.path.replace(/^\//, "").split(",");
}

/**
 * Slows password guessing: a few sign-in attempts per address per minute.
 * Answers in tRPC's error shape so the sign-in page shows the message.
 */
export function loginRateLimit(limit: number) {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    skip: (req) => !trpcPaths(req).includes("auth.login"),
    handler: (_req, res) => {
      res.status(429).json({
        error: {
          message: "Too many sign-in attempts. Wait a minute, then try again.",
          code: -32029,
          data: { code: "TOO_MANY_REQUESTS", httpStatus: 429, path: "auth.login", fieldErrors: null },
        },
      });
    },
  });
}

import { existsSync } from "node:fs";
import path from "node:path";
import type { RequestHandler } from "express";
import type { Logger } from "../logger.js";

export interface ClientPaths {
  root: string;
  dist: string;
}

export function clientPaths(repoRoot: string): ClientPaths {
  const root = path.join(repoRoot, "client");
  return { root, dist: path.join(root, "dist") };
}

/** The client's self-report page (issue 10), opened as /r#<token>, is served for /r and /r/...; every other page is the staff app. */
export function isSelfReportPath(requestPath: string): boolean {
  return requestPath === "/r" || requestPath.startsWith("/r/");
}

/** The service worker and its manifest keep their names from build to build: served for revalidation, never from a stale cache. */
export function isUnversionedAsset(file: string): boolean {
  return /(^|[\\/])(sw\.js|manifest\.webmanifest)$/.test(file);
}

/** `pnpm start` builds the client once when no build is there yet (or one from before the self-report page). */
export async function ensureClientBuilt(paths: ClientPaths, log: Logger): Promise<void> {
  if (existsSync(path.join(paths.dist, "index.html")) && existsSync(path.join(paths.dist, "report.html"))) return;
  log.info("building the client (first start only)");
  const { build } = await import("vite");
  await build({ root: paths.root, configFile: path.join(paths.root, "vite.config.ts"), logLevel: "warn" });
}

/** `pnpm dev`: Vite serves the client from source with hot reload, beside the API. */
export async function createClientDevMiddleware(paths: ClientPaths): Promise<RequestHandler> {
  const { createServer } = await import("vite");
  const vite = await createServer({
    root: paths.root,
    configFile: path.join(paths.root, "vite.config.ts"),
    server: { middlewareMode: true },
    appType: "spa",
  });
  // Vite's dev server knows the page as /report.html; its SPA fallback would answer /r with the staff app.
  return (req, res, next) => {
    const [pathname = "", query] = (req.url ?? "").split("?", 2);
    if (isSelfReportPath(pathname)) req.url = `/report.html${query === undefined ? "" : `?${query}`}`;
    vite.middlewares(req, res, next);
  };
}

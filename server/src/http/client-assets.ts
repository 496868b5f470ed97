import { existsSync } from "node:fs";
import path from "node:path";
import type { RequestHandler } from "express";

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

/** Refused at start-up: a server without the built client would answer every page with a 404. */
export class ClientNotBuiltError extends Error {
  constructor(readonly missing: string) {
    super(`The client is not built (${missing} is missing). Run \`pnpm build\`, or start with \`pnpm start\`, which builds first when the build is missing or stale.`);
    this.name = "ClientNotBuiltError";
  }
}

/**
 * The server never builds the client itself (docs/decisions/0022-built-server.md):
 * `pnpm build` does, and `pnpm start` runs it first when needed.
 */
export function assertClientBuilt(paths: ClientPaths): void {
  for (const page of ["index.html", "report.html"]) {
    const file = path.join(paths.dist, page);
    if (!existsSync(file)) throw new ClientNotBuiltError(path.relative(path.dirname(paths.root), file));
  }
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

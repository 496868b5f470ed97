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

/** `pnpm start` builds the client once when no build is there yet. */
export async function ensureClientBuilt(paths: ClientPaths, log: Logger): Promise<void> {
  if (existsSync(path.join(paths.dist, "index.html"))) return;
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
  return vite.middlewares;
}

// When was Wave last built, and has anything it is built from changed since?
// Shared by build.mjs (which writes the stamp) and start.mjs (which reads it).
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
export const SERVER_DIST = path.join(REPO_ROOT, "server/dist");
/** Written last by `pnpm build`, after the client and the server bundle. */
export const BUILD_STAMP = path.join(SERVER_DIST, "build-stamp.json");

/** What the build is made from: a change to any of them makes the build stale. */
const SOURCES = ["client", "server/src", "shared/src", "db/src", "pnpm-lock.yaml", "package.json", "pnpm-workspace.yaml"];
const SKIPPED = new Set(["node_modules", "dist", ".vite"]);

function newestIn(entry) {
  const stats = statSync(entry, { throwIfNoEntry: false });
  if (!stats) return 0;
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const child of readdirSync(entry, { withFileTypes: true })) {
    if (SKIPPED.has(child.name)) continue;
    newest = Math.max(newest, newestIn(path.join(entry, child.name)));
  }
  return newest;
}

/** Why the build must run, or null when the one there is current. */
export function staleReason() {
  if (!existsSync(BUILD_STAMP)) return "no build yet";
  for (const file of ["main.js", "../../client/dist/index.html", "../../client/dist/report.html"]) {
    if (!existsSync(path.join(SERVER_DIST, file))) return `${path.relative(REPO_ROOT, path.join(SERVER_DIST, file))} is missing`;
  }
  const builtAt = statSync(BUILD_STAMP).mtimeMs;
  const changed = SOURCES.find((source) => newestIn(path.join(REPO_ROOT, source)) > builtAt);
  return changed ? `${changed} changed since the last build` : null;
}

export function writeBuildStamp() {
  writeFileSync(BUILD_STAMP, `${JSON.stringify({ builtAt: new Date().toISOString() })}\n`);
}

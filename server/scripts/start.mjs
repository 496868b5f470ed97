// `pnpm start`: runs the built server with plain node, building first only
// when the build is missing or older than its sources (build-stamp.mjs).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT, SERVER_DIST, staleReason } from "./build-stamp.mjs";

const reason = staleReason();
if (reason) {
  process.stdout.write(`Building Wave (${reason}): pnpm build\n`);
  const started = Date.now();
  const built = spawnSync("pnpm", ["build"], { cwd: REPO_ROOT, stdio: "inherit", shell: process.platform === "win32" });
  if (built.status !== 0) {
    process.stderr.write(`pnpm build failed${built.error ? `: ${built.error.message}` : ""}; Wave did not start.\n`);
    process.exit(built.status ?? 1);
  }
  process.stdout.write(`Built in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

// In this process, as `node server/dist/main.js` would run it: SIGTERM and SIGINT reach the server itself.
await import(pathToFileURL(path.join(SERVER_DIST, "main.js")).href);

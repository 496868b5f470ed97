import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { REPO_ROOT } from "@wave/db";

export interface BuildOutcome {
  /** Why it was built, or null when the existing build was current. */
  reason: string | null;
  seconds: number;
}

/**
 * Why the build is stale, asked of the same check `pnpm start` uses
 * (server/scripts/build-stamp.mjs), in a child so that plain script needs no types here.
 */
function staleReason(): string | null {
  const script = `import(${JSON.stringify(path.join(REPO_ROOT, "server/scripts/build-stamp.mjs"))}).then((m) => process.stdout.write(m.staleReason() ?? ""))`;
  const reason = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }).trim();
  return reason === "" ? null : reason;
}

/** `pnpm build` when the build is missing or older than its sources, as `pnpm start` decides; else nothing. */
export function buildIfStale(): BuildOutcome {
  const reason = staleReason();
  if (!reason) return { reason: null, seconds: 0 };
  process.stdout.write(`Building (${reason}): pnpm build\n`);
  const started = performance.now();
  const built = spawnSync("pnpm", ["build"], { cwd: REPO_ROOT, stdio: ["ignore", "inherit", "inherit"] });
  if (built.status !== 0) throw new Error(`pnpm build failed (exit ${built.status ?? "signal"})`);
  return { reason, seconds: Math.round((performance.now() - started) / 100) / 10 };
}

import { mkdirSync } from "node:fs";
import { DataDirLockedError, lockDataDir } from "@wave/db";
import { parseEnv } from "../env.js";

// `pnpm dev` runs the server under `tsx watch`, which outlives a refused
// server and waits for a file change. So the one-writer rule
// (docs/decisions/0018-one-writer-per-data-dir.md) is checked before it:
// beside a running Wave, `pnpm dev` exits 1 with the holder's name, as
// `pnpm start` does. The server still takes the lock itself.
const env = parseEnv();
if (!env.databaseUrl) {
  mkdirSync(env.dataDir, { recursive: true });
  try {
    const lock = await lockDataDir(env.dataDir);
    await lock.release();
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  }
}

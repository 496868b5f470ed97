import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { nameE2eDatabase } from "./e2e/database";

const PORT = 3123;
const BASE_URL = `http://127.0.0.1:${PORT}`;
const ARTIFACTS = path.join(import.meta.dirname, "artifacts");
// Before the web server starts and the workers load this file again: all of them reach this one database.
nameE2eDatabase(`wave_e2e_${randomBytes(6).toString("hex")}`);

// Browsers cannot be downloaded here: drive the system Chromium when there is one.
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const executablePath = existsSync(chromiumPath) ? chromiumPath : undefined;

export default defineConfig({
  testDir: "./e2e",
  outputDir: path.join(ARTIFACTS, "test-results"),
  // Every test owns its practice (e2e/fixtures.ts), so any two may run at once.
  fullyParallel: true,
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { outputFolder: path.join(ARTIFACTS, "playwright-report"), open: "never" }]],
  use: {
    baseURL: BASE_URL,
    screenshot: "on",
    trace: "retain-on-failure",
    viewport: { width: 1440, height: 900 },
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1440, height: 900 },
        launchOptions: {
          ...(executablePath ? { executablePath } : {}),
          args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        },
      },
    },
  ],
  webServer: {
    // A throwaway Wave on a fresh, empty database (see e2e/serve.ts). tsx
    // runs as a loader in one process: its CLI wrapper relays SIGTERM and may
    // SIGKILL the server mid-cleanup, leaving the database behind.
    command: "node --import tsx e2e/serve.ts",
    cwd: import.meta.dirname,
    url: `${BASE_URL}/readyz`,
    env: { PORT: String(PORT) },
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
    // Let serve.ts drop its database or temp directory instead of being killed outright.
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});

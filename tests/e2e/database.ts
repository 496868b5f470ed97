// The one database of an end-to-end run. The Playwright config names it; the
// web server (serve.ts) creates and drops it; the test workers write each
// test's practice into it. It always lives on a Postgres server, because the
// test workers are other processes than the web server (docs/decisions/0025).

/** .ci/run's server, and the one a developer machine runs by default. */
const LOCAL_SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const NAME_VARIABLE = "WAVE_E2E_DATABASE";

export function e2eServerUrl(): string {
  return process.env.TEST_DATABASE_URL ?? LOCAL_SERVER_URL;
}

/** Names the run's database once: workers load the config again but inherit the runner's environment. */
export function nameE2eDatabase(name: string): void {
  process.env[NAME_VARIABLE] ??= name;
}

export function e2eDatabaseName(): string {
  const name = process.env[NAME_VARIABLE];
  if (!name) throw new Error(`${NAME_VARIABLE} is not set: run the end-to-end tests through tests/playwright.config.ts`);
  return name;
}

export function e2eDatabaseUrl(): string {
  const url = new URL(e2eServerUrl());
  url.pathname = `/${e2eDatabaseName()}`;
  return url.toString();
}

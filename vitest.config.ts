import { defineConfig } from "vitest/config";

// Three projects: unit tests (pure functions, `*.test.ts`), component and
// hook tests in a simulated DOM (`client/src/**/*.test.tsx`, Testing Library),
// and integration tests on a real Postgres engine (`*.int.test.ts`), embedded
// by default or the server named by TEST_DATABASE_URL.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["{shared,server,db,client}/src/**/*.test.ts", "tests/docs/**/*.test.ts", "tests/bench/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
          setupFiles: ["tests/support/fail-on-console-error.ts"],
        },
      },
      {
        test: {
          name: "component",
          include: ["client/src/**/*.test.tsx"],
          environment: "happy-dom",
          setupFiles: ["tests/support/fail-on-console-error.ts"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["{server,db}/src/**/*.int.test.ts", "tests/integration/**/*.int.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/fail-on-console-error.ts"],
          pool: "forks",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});

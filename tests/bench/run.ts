import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { migrateToLatest, openEmbeddedDatabase, openServerDatabase, REPO_ROOT, type WaveDatabase } from "@wave/db";
import { DEMO_PASSWORD, seedSynthetic } from "@wave/db/seed";
import { createServerDatabase, dropServerDatabase } from "@wave/db/testing";
import { signedInCaller, type Caller } from "@wave/server/testing";

/**
 * `pnpm bench`: seeds a synthetic practice set, then times the pages a
 * consultant and a lead open most, and writes bench-results.json. Speed
 * targets live here, never in tests (shared machines are noisy).
 * BENCH_DATABASE_URL runs it on a Postgres server (fresh database, dropped after).
 */
const SIZE = { practices: 3, clientsPerPractice: 200, episodesPerClient: 60, seed: 42 };
const ITERATIONS = 30;
const TARGETS_P95_MS = {
  "caseload.list (consultant)": 150,
  "caseload.list (lead, whole practice)": 500,
  "clients.byId": 75,
  "analytics.practiceOverview (13 weeks)": 500,
  "analytics.interventionEffectiveness (13 weeks)": 500,
} as const;
type Scenario = keyof typeof TARGETS_P95_MS;

function percentile(sorted: number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

async function time(run: () => Promise<unknown>): Promise<{ p50: number; p95: number; max: number }> {
  await run(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 10) / 10;
  return { p50: round(percentile(samples, 0.5)), p95: round(percentile(samples, 0.95)), max: round(samples.at(-1) ?? 0) };
}

async function openBenchDatabase(): Promise<{ database: WaveDatabase; engine: string; cleanup: () => Promise<void> }> {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (serverUrl) {
    const name = `wave_bench_${Date.now()}`;
    const url = await createServerDatabase(serverUrl, name);
    const database = openServerDatabase({ connectionString: url });
    return { database, engine: "server", cleanup: () => dropServerDatabase(serverUrl, name) };
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), "wave-bench-"));
  const database = await openEmbeddedDatabase({ dataDir });
  return { database, engine: "embedded", cleanup: () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })) };
}

async function main(): Promise<void> {
  const { database, engine, cleanup } = await openBenchDatabase();
  try {
    await migrateToLatest(database.db);
    const seedStarted = performance.now();
    const seeded = await seedSynthetic(database.db, SIZE);
    const seedSeconds = Math.round((performance.now() - seedStarted) / 100) / 10;

    const consultantEmail = seeded.signIns.find((signIn) => signIn.role === "consultant")?.email;
    const leadEmail = seeded.signIns.find((signIn) => signIn.role === "lead")?.email;
    if (!consultantEmail || !leadEmail) throw new Error("the synthetic seed created no consultant or lead");
    const consultant: Caller = await signedInCaller(database.db, consultantEmail, DEMO_PASSWORD);
    const lead: Caller = await signedInCaller(database.db, leadEmail, DEMO_PASSWORD);
    const firstClient = (await consultant.caseload.list()).rows[0]?.clientId;
    const quarter = {
      from: new Date(Date.now() - 91 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10),
      to: new Date().toISOString().slice(0, 10),
    };
    if (!firstClient) throw new Error("the consultant has no clients");

    const scenarios: Record<Scenario, () => Promise<unknown>> = {
      "caseload.list (consultant)": () => consultant.caseload.list(),
      "caseload.list (lead, whole practice)": () => lead.caseload.list({ pageSize: 50 }),
      "clients.byId": () => consultant.clients.byId({ clientId: firstClient }),
      "analytics.practiceOverview (13 weeks)": () => lead.analytics.practiceOverview(quarter),
      "analytics.interventionEffectiveness (13 weeks)": () => lead.analytics.interventionEffectiveness(quarter),
    };
    const results: Record<string, { p50: number; p95: number; max: number; targetP95: number; met: boolean }> = {};
    for (const [name, run] of Object.entries(scenarios) as [Scenario, () => Promise<unknown>][]) {
      const timing = await time(run);
      results[name] = { ...timing, targetP95: TARGETS_P95_MS[name], met: timing.p95 <= TARGETS_P95_MS[name] };
      process.stdout.write(`${name.padEnd(40)} p50 ${timing.p50} ms  p95 ${timing.p95} ms  (target p95 <= ${TARGETS_P95_MS[name]} ms)\n`);
    }
    const report = {
      at: new Date().toISOString(),
      engine,
      size: { ...SIZE, seeded },
      seedSeconds,
      iterations: ITERATIONS,
      results,
    };
    writeFileSync(path.join(REPO_ROOT, "bench-results.json"), `${JSON.stringify(report, null, 2)}\n`);
    const missed = Object.entries(results).filter(([, result]) => !result.met);
    process.stdout.write(`seeded in ${seedSeconds}s; wrote bench-results.json\n`);
    if (missed.length > 0) {
      process.stderr.write(`targets missed: ${missed.map(([name]) => name).join(", ")}\n`);
      process.exitCode = 1;
    }
  } finally {
    await database.close();
    await cleanup();
  }
}

await main();

import { parseArgs } from "node:util";
import { DataDirLockedError, migrateToLatest, openDatabase, parseDatabaseEnv } from "../index.js";
import {
  DEMO_PASSWORD,
  DEMO_SIGN_INS,
  hasDemoPractices,
  SeedConflictError,
  seedDemo,
  seedSynthetic,
  type SeedSummary,
} from "../seed/index.js";

const USAGE = `Usage:
  pnpm db:seed --demo
  pnpm db:seed --practices N --clients N --episodes-per-client N --seed S [--consultants N]

  --demo                   the demo practices (skipped if they already exist)
  --practices N            synthetic practices to create (1-1000)
  --clients N              clients per practice (0-100000)
  --episodes-per-client N  average DMER episodes per client (0-10000)
  --seed S                 random seed (0-4294967295): same seed, same data
  --consultants N          consultants per practice (default: one per 40 clients)

Database: DATABASE_URL if set, else embedded Postgres in DATA_DIR (default ./.data).`;

/** Sign-ins listed before the rest are summarised as a pattern. */
const MAX_LISTED_SIGN_INS = 20;

class UsageError extends Error {}

type Request =
  | { kind: "demo" }
  | { kind: "synthetic"; practices: number; clients: number; episodesPerClient: number; seed: number; consultants?: number };

function integer(name: string, raw: string | undefined, min: number, max: number): number {
  if (raw === undefined) throw new UsageError(`--${name} is required`);
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function parseFlags(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        demo: { type: "boolean" },
        practices: { type: "string" },
        clients: { type: "string" },
        "episodes-per-client": { type: "string" },
        seed: { type: "string" },
        consultants: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    // Unknown flags, missing values: parseArgs says which.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function parseRequest(args: string[]): Request {
  const values = parseFlags(args);
  if (values.help) throw new UsageError("");
  const synthetic = [values.practices, values.clients, values["episodes-per-client"], values.seed, values.consultants];
  if (values.demo) {
    if (synthetic.some((value) => value !== undefined)) throw new UsageError("--demo takes no other options");
    return { kind: "demo" };
  }
  if (synthetic.every((value) => value === undefined)) throw new UsageError("Choose --demo or the synthetic options");
  return {
    kind: "synthetic",
    practices: integer("practices", values.practices, 1, 1000),
    clients: integer("clients", values.clients, 0, 100_000),
    episodesPerClient: integer("episodes-per-client", values["episodes-per-client"], 0, 10_000),
    seed: integer("seed", values.seed, 0, 4_294_967_295),
    ...(values.consultants === undefined ? {} : { consultants: integer("consultants", values.consultants, 1, 1000) }),
  };
}

function printSummary(summary: SeedSummary, seconds: number): void {
  console.log(`Seeded in ${seconds.toFixed(1)} s:`);
  for (const [name, count] of Object.entries(summary)) console.log(`  ${name.padEnd(14)} ${count}`);
}

async function main(): Promise<number> {
  let request: Request;
  try {
    request = parseRequest(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) console.error(`${error.message}\n`);
    console.error(USAGE);
    return 1;
  }

  // DATA_DIR is taken relative to where the command was typed; default <repo>/.data.
  let database;
  try {
    database = await openDatabase(parseDatabaseEnv(process.env));
  } catch (error) {
    // Another process holds DATA_DIR: the sentence naming it, not a stack.
    if (!(error instanceof DataDirLockedError)) throw error;
    console.error(error.message);
    return 1;
  }
  try {
    await migrateToLatest(database.db);
    const started = performance.now();
    if (request.kind === "demo") {
      if (await hasDemoPractices(database.db)) {
        console.log("The demo practices already exist; nothing to do.");
        return 0;
      }
      const summary = await seedDemo(database.db);
      printSummary(summary, (performance.now() - started) / 1000);
      console.log("\nSign in as:");
      for (const signIn of DEMO_SIGN_INS) {
        console.log(`  ${signIn.email.padEnd(24)} ${signIn.role.padEnd(10)} ${signIn.practice}`);
      }
      console.log(`password: ${DEMO_PASSWORD}`);
      return 0;
    }

    let result;
    try {
      result = await seedSynthetic(database.db, {
        practices: request.practices,
        clientsPerPractice: request.clients,
        episodesPerClient: request.episodesPerClient,
        seed: request.seed,
        ...(request.consultants === undefined ? {} : { consultantsPerPractice: request.consultants }),
      });
    } catch (error) {
      if (!(error instanceof SeedConflictError)) throw error;
      console.error(error.message);
      return 1;
    }
    const { signIns, ...summary } = result;
    printSummary(summary, (performance.now() - started) / 1000);
    console.log("\nSign in as:");
    for (const signIn of signIns.slice(0, MAX_LISTED_SIGN_INS)) console.log(`  ${signIn.email.padEnd(32)} ${signIn.role}`);
    if (signIns.length > MAX_LISTED_SIGN_INS) {
      const more = signIns.length - MAX_LISTED_SIGN_INS;
      console.log(`  ... and ${more} more: lead@practice-N.test, consultant-K@practice-N.test`);
    }
    console.log(`password: ${DEMO_PASSWORD}`);
    return 0;
  } finally {
    await database.close();
  }
}

process.exitCode = await main();

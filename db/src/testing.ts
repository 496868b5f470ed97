import { createHash, randomBytes, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { sql, type Insertable, type Kysely } from "kysely";
import pg from "pg";
import { openEmbeddedDatabase, openServerDatabase, type ExecutedQuery, type WaveDatabase } from "./connection.js";
import { hashPassword } from "./passwords.js";
import type { Database, EpisodesTable } from "./schema.js";

/**
 * Test databases. The integration suite's global setup migrates once and
 * leaves either a server database URL (TEST_DATABASE_URL was set) or the path
 * of a migrated embedded data dump; every test file opens its own copy or
 * connection and creates its own practices, so files never share rows.
 */
export const TEST_ENV = {
  serverUrl: "WAVE_TEST_SERVER_DATABASE_URL",
  templatePath: "WAVE_TEST_EMBEDDED_TEMPLATE",
} as const;

export async function openTestDatabase(options: { onQuery?: (query: ExecutedQuery) => void } = {}): Promise<WaveDatabase> {
  const serverUrl = process.env[TEST_ENV.serverUrl];
  if (serverUrl) return openServerDatabase({ connectionString: serverUrl, maxConnections: 4, ...options });
  const templatePath = process.env[TEST_ENV.templatePath];
  if (!templatePath) throw new Error("The integration test global setup did not run (no test database).");
  const dump = await readFile(templatePath);
  return openEmbeddedDatabase({ loadDataDir: new Blob([dump]), ...options });
}

export const TEST_PASSWORD = "correct horse battery staple";
let testPasswordHash: Promise<string> | undefined;

export interface TestPractice {
  practiceId: string;
  lead: TestUser;
  consultants: [TestUser, TestUser];
  /** Two clients for each consultant: [consultant 0's, consultant 1's]. */
  clients: [[string, string], [string, string]];
}

export interface TestUser {
  id: string;
  email: string;
  name: string;
  role: "consultant" | "lead";
  practiceId: string;
}

let practiceCounter = 0;

/** A practice with a lead, two consultants and two clients each, written as the table owner. */
export async function createTestPractice(db: Kysely<Database>, label = "Practice"): Promise<TestPractice> {
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  const passwordHash = await testPasswordHash;
  const unique = `${process.pid}-${Date.now()}-${++practiceCounter}`;
  const practice = await db
    .insertInto("practices")
    .values({ name: `${label} ${unique}` })
    .returning("id")
    .executeTakeFirstOrThrow();
  const makeUser = async (role: "consultant" | "lead", handle: string): Promise<TestUser> => {
    const email = `${handle}-${unique}@example.test`;
    const name = `${handle} ${label}`;
    const row = await db
      .insertInto("users")
      .values({ practice_id: practice.id, email, name, role, password_hash: passwordHash })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { id: row.id, email, name, role, practiceId: practice.id };
  };
  const lead = await makeUser("lead", "lead");
  const consultants: [TestUser, TestUser] = [await makeUser("consultant", "first"), await makeUser("consultant", "second")];
  const makeClient = async (consultant: TestUser, name: string): Promise<string> => {
    const row = await db
      .insertInto("clients")
      .values({
        practice_id: practice.id,
        primary_consultant_id: consultant.id,
        display_name: name,
        baby_birth_date: "2026-09-01",
        feeding_method: "nursing",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const clients: TestPractice["clients"] = [
    [await makeClient(consultants[0], "Ada A."), await makeClient(consultants[0], "Bea B.")],
    [await makeClient(consultants[1], "Cleo C."), await makeClient(consultants[1], "Dot D.")],
  ];
  return { practiceId: practice.id, lead, consultants, clients };
}

/** Counts rows as the table owner, past row-level security: what is really stored. */
export async function countRows(db: Kysely<Database>, table: keyof Database): Promise<number> {
  const result = await sql<{ count: number }>`select count(*)::int as count from ${sql.table(table)}`.execute(db);
  return result.rows[0]?.count ?? 0;
}

/** Creates an empty database on the server `serverUrl` points at; returns its URL. */
export async function createServerDatabase(serverUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropServerDatabase(serverUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

/** An episode row with plain defaults, for tests to override what they are about. */
export function testEpisode(
  practiceId: string,
  clientId: string,
  overrides: Partial<Insertable<EpisodesTable>> = {},
): Insertable<EpisodesTable> {
  return {
    practice_id: practiceId,
    id: randomUUID(),
    client_id: clientId,
    occurred_at: new Date(),
    source: "client",
    recorded_by: null,
    context: "nursing",
    let_down: "first",
    duration_seconds: 90,
    types: ["despondency"],
    intensity: 5,
    impact: "none",
    self_harm_thoughts: false,
    ...overrides,
  };
}

/**
 * A live self-report link of a client, written as the table owner, and its
 * token (stored, as the server stores it, only as its SHA-256).
 */
export async function createTestSelfReportLink(
  db: Kysely<Database>,
  link: { practiceId: string; clientId: string; createdBy: string },
  options: { expiresInDays?: number } = {},
): Promise<{ id: string; token: string }> {
  const token = randomBytes(32).toString("base64url");
  const tokenHash = createHash("sha256").update(token).digest("hex");
  // The token's row first, as the server writes it: the link points at it.
  await db.insertInto("self_report_link_tokens").values({ token_hash: tokenHash, practice_id: link.practiceId }).execute();
  const row = await db
    .insertInto("self_report_links")
    .values({
      practice_id: link.practiceId,
      client_id: link.clientId,
      token_hash: tokenHash,
      created_by: link.createdBy,
      expires_at: new Date(Date.now() + (options.expiresInDays ?? 7) * 86_400_000),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, token };
}

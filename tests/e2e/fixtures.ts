import { createHash } from "node:crypto";
import { test as base, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { createTRPCClient, httpLink } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { sql, type Kysely } from "kysely";
import { hashPassword, openServerDatabase, type Database } from "@wave/db";
import { DEMO_PASSWORD, insertPlan, planPractice } from "@wave/db/seed";
import type { AppRouter } from "@wave/server/router";
import { SESSION_COOKIE, startTestSession } from "@wave/server/testing";
import type { Role } from "@wave/shared";
import { e2eDatabaseUrl } from "./database";

// Playwright fixtures after epic-stack's playwright-utils: every test gets a
// practice of its own (written through the db package into the database the
// web server uses, deleted again afterwards), signs its browsers in by
// setting the session cookie, and reads the API through a typed tRPC client,
// so no test declares a response type or sees another test's records.

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export interface StaffMember {
  id: string;
  practiceId: string;
  email: string;
  name: string;
  role: Role;
}

/** A practice shaped like the demo's Be Well Baby (same people, same size), owned by one test. */
export interface TestPractice {
  id: string;
  name: string;
  phone: string;
  lead: StaffMember;
  emily: StaffMember;
  sam: StaffMember;
}

/** Everyone in a test practice signs in with the demo's public password. */
export const STAFF_PASSWORD = DEMO_PASSWORD;

const PRACTICE_NAME = "Be Well Baby";
// 555-01xx numbers are reserved for fiction.
const PRACTICE_PHONE = "(555) 010-4477";
// As many as the demo, so every caseload pages and has its urgent client.
const CLIENTS_PER_CONSULTANT = 40;
const EPISODES_PER_CLIENT = 45;

/** Signs in as a person does, through the form (the sign-in journey itself; a temporary password). */
export async function signInThroughForm(page: Page, email: string, password = STAFF_PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The API with the cookies of the page's browser context: setup, and checking the screen against the server. */
export function apiOf(target: Page | BrowserContext | APIRequestContext) {
  const request = "request" in target ? target.request : target;
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: "/trpc", fetch: (url, init) => fetchThrough(request, String(url), init) })],
  });
}

export type Api = ReturnType<typeof apiOf>;

/** fetch over Playwright's request context, which shares the browser context's cookie jar and base URL. */
async function fetchThrough(request: APIRequestContext, url: string, init: RequestInit | undefined): Promise<Response> {
  const body = init?.body;
  const response = await request.fetch(url, {
    method: init?.method ?? "GET",
    headers: Object.fromEntries(new Headers(init?.headers).entries()),
    ...(typeof body === "string" ? { data: body } : {}),
  });
  return new Response(await response.body(), { status: response.status(), headers: response.headers() });
}

/**
 * Seeds the practice with the demo's generator. The key (and so every row)
 * follows from the test's id: the same test gets the same data on every run,
 * and no two tests share a record or an email address.
 */
async function seedTestPractice(db: Kysely<Database>, key: string, passwordHash: string): Promise<TestPractice> {
  const tag = createHash("sha256").update(key).digest("hex").slice(0, 12);
  const plan = planPractice({
    key: `e2e/${key}`,
    name: PRACTICE_NAME,
    phone: PRACTICE_PHONE,
    staff: [
      { email: `lead-${tag}@bewellbaby.test`, name: "Dana Whitfield", role: "lead" },
      { email: `emily-${tag}@bewellbaby.test`, name: "Emily Carter", role: "consultant" },
      { email: `sam-${tag}@bewellbaby.test`, name: "Sam Okafor", role: "consultant" },
    ],
    clients: 2 * CLIENTS_PER_CONSULTANT,
    episodesPerClient: EPISODES_PER_CLIENT,
    now: new Date(),
  });
  await insertPlan(db, plan, passwordHash);
  const [lead, emily, sam] = plan.staff.map(
    (row): StaffMember => ({ id: row.id, practiceId: row.practice_id, email: row.email, name: row.name, role: row.role }),
  );
  if (!lead || !emily || !sam) throw new Error("the test practice was planned without its three staff");
  return { id: plan.practice.id, name: PRACTICE_NAME, phone: PRACTICE_PHONE, lead, emily, sam };
}

/**
 * Removes every row of the practice, whichever table it is in, so a table
 * added later is cleaned up too. Foreign keys and triggers are off for this
 * transaction only (the owner of the throwaway database may do that): the
 * rows go in one sweep instead of in an order every new table would change.
 */
async function deletePractice(db: Kysely<Database>, practiceId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await sql`set local session_replication_role = replica`.execute(tx);
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.columns
       where table_schema = 'public' and column_name = 'practice_id'`.execute(tx);
    for (const { table_name } of tables.rows) {
      await sql`delete from ${sql.table(table_name)} where practice_id = ${practiceId}`.execute(tx);
    }
    await tx.deleteFrom("practices").where("id", "=", practiceId).execute();
  });
}

/** Ends every session of the practice: from now on no request can act for it. */
async function signOutPractice(db: Kysely<Database>, practiceId: string): Promise<void> {
  await db.deleteFrom("sessions").where("practice_id", "=", practiceId).execute();
}

interface WorkerFixtures {
  /** The web server's database, as its owner: past row-level security, for setup and cleanup only. */
  db: Kysely<Database>;
  staffPasswordHash: string;
  /** The practices this worker's tests made, deleted when the worker is done. */
  practicesToDelete: string[];
}

/** Signs the page's (or context's) browser in as the user by setting a fresh session cookie. */
export type Login = (target: Page | BrowserContext, user: StaffMember) => Promise<void>;

interface TestFixtures {
  practice: TestPractice;
  login: Login;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  db: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a function needs from this pattern
    async ({}, use) => {
      const database = openServerDatabase({ connectionString: e2eDatabaseUrl(), maxConnections: 2 });
      await use(database.db);
      await database.close();
    },
    { scope: "worker" },
  ],
  staffPasswordHash: [
    // eslint-disable-next-line no-empty-pattern -- as above
    async ({}, use) => {
      // argon2 is slow on purpose: once per worker.
      await use(await hashPassword(STAFF_PASSWORD));
    },
    { scope: "worker" },
  ],
  practicesToDelete: [
    async ({ db }, use) => {
      const practiceIds: string[] = [];
      await use(practiceIds);
      for (const practiceId of practiceIds) await deletePractice(db, practiceId);
    },
    { scope: "worker" },
  ],
  practice: async ({ db, staffPasswordHash, browser, practicesToDelete }, use, testInfo) => {
    const key = `${testInfo.testId}/${testInfo.repeatEachIndex}/${testInfo.retry}`;
    const practice = await seedTestPractice(db, key, staffPasswordHash);
    await use(practice);
    // The test's pages and sessions end now. The rows go when the worker is done: a request the
    // server was still answering would otherwise write its audit row for a practice already gone.
    await Promise.all(browser.contexts().map((context) => context.close()));
    await signOutPractice(db, practice.id);
    practicesToDelete.push(practice.id);
  },
  login: async ({ db, baseURL }, use) => {
    if (!baseURL) throw new Error("the Playwright config sets no baseURL");
    await use(async (target, user) => {
      const context = "context" in target ? target.context() : target;
      const token = await startTestSession(db, user);
      await context.addCookies([{ name: SESSION_COOKIE, value: token, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
    });
  },
});

export { expect } from "@playwright/test";

import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WaveDatabase } from "@wave/db";
import { createTestPractice, openTestDatabase, TEST_ENV, TEST_PASSWORD, type TestPractice } from "@wave/db/testing";
import { createApp, createLogger, DEFAULT_ATTEMPT_LIMITS } from "@wave/server";
import { listen } from "../support/listen";

// Password guessing as an attacker tries it (docs/security.md, ADR 0020): over
// HTTP, with every spelling of the path and batches, against the limits as
// deployed (10 failures per account, 50 per address, per 15 minutes). Each
// test signs in from an address of its own (X-Forwarded-For behind a trusted
// proxy) and at accounts of its own, so the counts never mix.
const { accountFailures, addressFailures, windowSeconds } = DEFAULT_ATTEMPT_LIMITS;

interface Served {
  server: Server;
  base: string;
}

let database: WaveDatabase;
let apps: Served[] = [];

function serve(): Promise<Served> {
  const app = createApp({ db: database.db, counterPool: database.counterPool, log: createLogger("silent"), trustProxy: true });
  return listen(app);
}

beforeAll(async () => {
  database = await openTestDatabase();
  // Two app servers on one database, as behind a load balancer.
  apps = [await serve(), await serve()];
});
afterAll(async () => {
  for (const { server } of apps) await new Promise((resolve) => server.close(resolve));
  await database.close();
});

// With one trusted proxy, the address is the last one X-Forwarded-For names.
const freshAddress = () => `2001:db8:${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}::1`;
const unknownEmail = () => `nobody-${randomUUID()}@example.test`;

interface Answer {
  status: number;
  code: string | undefined;
  message: string | undefined;
  retryAfter: string | null;
  cookie: string | null;
}

async function post(base: string, path: string, body: unknown, headers: Record<string, string>): Promise<Response> {
  return fetch(`${base}/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

async function answerOf(response: Response): Promise<Answer> {
  const body = (await response.json()) as { error?: { message: string; data: { code: string } } };
  return {
    status: response.status,
    code: body.error?.data.code,
    message: body.error?.message,
    retryAfter: response.headers.get("retry-after"),
    cookie: response.headers.get("set-cookie"),
  };
}

function signIn(address: string, email: string, password: string, options: { path?: string; app?: number } = {}) {
  const base = apps[options.app ?? 0]!.base;
  return post(base, options.path ?? "auth.login", { email, password }, { "x-forwarded-for": address }).then(answerOf);
}

async function signInBatch(address: string, calls: { email: string; password: string }[]): Promise<Answer[]> {
  const paths = calls.map(() => "auth.login").join(",");
  const body = Object.fromEntries(calls.map((call, index) => [String(index), call]));
  const response = await post(apps[0]!.base, `${paths}?batch=1`, body, { "x-forwarded-for": address });
  const results = (await response.json()) as { error?: { message: string; data: { code: string } } }[];
  return results.map((result) => ({
    status: response.status,
    code: result.error?.data.code ?? "OK",
    message: result.error?.message,
    retryAfter: response.headers.get("retry-after"),
    cookie: null,
  }));
}

async function failTimes(times: number, address: string, email: string) {
  const answers: Answer[] = [];
  for (let attempt = 0; attempt < times; attempt++) answers.push(await signIn(address, email, "not the password"));
  return answers;
}

describe("sign-in guessing", () => {
  let practice: TestPractice;
  beforeAll(async () => {
    practice = await createTestPractice(database.db, "Guessing");
  });

  it(`refuses an account's attempts after ${accountFailures} failures, saying when to retry, even with the right password`, async () => {
    const address = freshAddress();
    const email = practice.consultants[0].email;
    const failures = await failTimes(accountFailures, address, email);
    expect(failures.map((answer) => answer.code)).toEqual(Array(accountFailures).fill("UNAUTHORIZED"));

    const refused = await signIn(address, email, "not the password");
    expect(refused.status).toBe(429);
    expect(refused.code).toBe("TOO_MANY_REQUESTS");
    expect(refused.message).toBe("Too many sign-in attempts. Try again in 15 minutes.");
    expect(Number(refused.retryAfter)).toBeGreaterThan(windowSeconds - 60);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(windowSeconds);

    // The right password does not get in either while the account is held, from anywhere.
    const right = await signIn(freshAddress(), email, TEST_PASSWORD);
    expect(right.code).toBe("TOO_MANY_REQUESTS");
    expect(right.cookie).toBeNull();
  });

  it("counts every spelling of the procedure's path as the same procedure", async () => {
    const address = freshAddress();
    const email = practice.consultants[1].email;
    const spellings = ["auth.login", "auth.login/", "%61uth.login", "auth%2Elogin", "auth.login?x=1", "auth.login#x"];
    const answers: Answer[] = [];
    for (let attempt = 0; attempt < spellings.length * 3; attempt++) {
      answers.push(await signIn(address, email, "not the password", { path: spellings[attempt % spellings.length] }));
    }
    // Whatever reaches the procedure is one limit: exactly ten guesses in all,
    // none after the tenth, and no spelling that slips past as a 500.
    const guessed = answers.map((answer) => answer.code === "UNAUTHORIZED");
    expect(guessed.filter(Boolean)).toHaveLength(accountFailures);
    expect(guessed.slice(guessed.lastIndexOf(true) + 1).length).toBeGreaterThan(0);
    expect(answers.every((answer) => answer.status < 500)).toBe(true);
    expect((await signIn(address, email, "not the password")).code).toBe("TOO_MANY_REQUESTS");
  });

  it("counts each call of a batch, even when the calls arrive together", async () => {
    const address = freshAddress();
    const email = practice.lead.email;
    const guesses = (n: number) => Array.from({ length: n }, () => ({ email, password: "not the password" }));
    const first = await signInBatch(address, guesses(7));
    expect(first.map((answer) => answer.code)).toEqual(Array(7).fill("UNAUTHORIZED"));
    const second = await signInBatch(address, guesses(7));
    expect(second.filter((answer) => answer.code === "UNAUTHORIZED")).toHaveLength(accountFailures - 7);
    expect(second.filter((answer) => answer.code === "TOO_MANY_REQUESTS")).toHaveLength(7 - (accountFailures - 7));
    expect(Number(second[0]?.retryAfter)).toBeGreaterThan(0);
  });

  it("does not count a right password, or an input refused before any password was checked", async () => {
    const address = freshAddress();
    const own = await createTestPractice(database.db, "Typos");
    const email = own.consultants[0].email;
    for (let attempt = 0; attempt < accountFailures + 2; attempt++) {
      expect((await signIn(address, email, TEST_PASSWORD)).code).toBeUndefined();
      expect((await signIn(address, "not an email", "x")).code).toBe("BAD_REQUEST");
    }
    const failures = await failTimes(accountFailures, address, email);
    expect(failures.every((answer) => answer.code === "UNAUTHORIZED")).toBe(true);
    expect((await signIn(address, email, "not the password")).code).toBe("TOO_MANY_REQUESTS");
  });

  it(`refuses an address after ${addressFailures} failures across accounts (password spraying), while other addresses go on`, async () => {
    const address = freshAddress();
    for (let attempt = 0; attempt < addressFailures; attempt++) {
      expect((await signIn(address, unknownEmail(), "Winter2026!")).code).toBe("UNAUTHORIZED");
    }
    const sprayed = await signIn(address, unknownEmail(), "Winter2026!");
    expect(sprayed.code).toBe("TOO_MANY_REQUESTS");
    expect(Number(sprayed.retryAfter)).toBeGreaterThan(0);
    // The address's refusals are not held against the accounts it tried.
    const own = await createTestPractice(database.db, "Bystander");
    expect((await signIn(address, own.lead.email, TEST_PASSWORD)).code).toBe("TOO_MANY_REQUESTS");
    expect((await signIn(freshAddress(), own.lead.email, TEST_PASSWORD)).code).toBeUndefined();
  });

  it("audits each failed sign-in of a known account, without the password", async () => {
    const own = await createTestPractice(database.db, "Audited");
    const address = freshAddress();
    await failTimes(accountFailures + 3, address, own.lead.email);
    const rows = await database.db
      .selectFrom("audit_log")
      .select(["action", "details"])
      .where("practice_id", "=", own.practiceId)
      .where("action", "=", "auth.login_failed")
      .execute();
    // The refused ones checked no password: they are not failures of it.
    expect(rows).toHaveLength(accountFailures);
    expect(JSON.stringify(rows)).not.toContain("not the password");
  });
});

describe("password change guessing", () => {
  it(`refuses a wrong current password after ${accountFailures} failures, counted with the account's sign-ins`, async () => {
    const own = await createTestPractice(database.db, "Change");
    const address = freshAddress();
    const signedIn = await signIn(address, own.consultants[0].email, TEST_PASSWORD);
    const cookie = signedIn.cookie?.split(";")[0] ?? "";
    await failTimes(3, address, own.consultants[0].email);

    const change = (currentPassword: string) =>
      post(apps[0]!.base, "auth.changePassword", { currentPassword, newPassword: "a brand new passphrase" }, {
        cookie,
        "x-forwarded-for": address,
        origin: apps[0]!.base,
      }).then(answerOf);
    const answers: Answer[] = [];
    for (let attempt = 0; attempt < accountFailures - 3; attempt++) answers.push(await change("not the password"));
    expect(answers.every((answer) => answer.code === "BAD_REQUEST")).toBe(true);
    const refused = await change(TEST_PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.message).toBe("Too many wrong passwords. Try again in 15 minutes.");
    expect(refused.retryAfter).not.toBeNull();
  });
});

// Embedded Postgres is one process by construction (the data-directory lock),
// which counts in its own memory: two app servers exist only on a server.
if (process.env[TEST_ENV.serverUrl]) {
  describe("several app servers on one Postgres server", () => {
    it("share one count, kept under hashed keys that name no one", async () => {
      const own = await createTestPractice(database.db, "Shared");
      const address = freshAddress();
      const email = own.consultants[1].email;
      for (let attempt = 0; attempt < accountFailures; attempt++) {
        const answer = await signIn(address, email, "not the password", { app: attempt % 2 });
        expect(answer.code).toBe("UNAUTHORIZED");
      }
      const refused = [await signIn(address, email, "not the password", { app: 0 }), await signIn(address, email, "not the password", { app: 1 })];
      expect(refused.map((answer) => answer.code)).toEqual(["TOO_MANY_REQUESTS", "TOO_MANY_REQUESTS"]);

      const stored = await database.db.selectFrom("sign_in_attempts").select(["key", "points"]).execute();
      expect(stored.length).toBeGreaterThan(0);
      const everything = JSON.stringify(stored);
      expect(everything).not.toContain(email);
      expect(everything).not.toContain(address.split("::")[0]);
      expect(stored.every((row) => /^(account|address):[0-9a-f]{64}$/.test(row.key))).toBe(true);
    });
  });
}

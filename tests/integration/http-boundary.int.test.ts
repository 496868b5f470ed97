import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openServerDatabase, type WaveDatabase } from "@wave/db";
import { createTestPractice, openTestDatabase, TEST_PASSWORD, type TestPractice } from "@wave/db/testing";
import { createApp, createLogger } from "@wave/server";
import { listen } from "../support/listen";

// The browser boundary and request limits as an attacker's page or a careless
// script meets them (CONTRACT.md, docs/security.md).
let database: WaveDatabase;
let practice: TestPractice;
let server: Server;
let base: string;

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "Boundary");
  const app = createApp({ db: database.db, log: createLogger("silent"), trustProxy: false });
  ({ server, base } = await listen(app));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await database.close();
});

async function signIn(): Promise<string> {
  const response = await fetch(`${base}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: practice.consultants[0].email, password: TEST_PASSWORD }),
  });
  expect(response.status).toBe(200);
  return response.headers.get("set-cookie")?.split(";")[0] ?? "";
}

async function signedIn(cookie: string): Promise<boolean> {
  return (await fetch(`${base}/trpc/auth.me`, { headers: { cookie } })).status === 200;
}

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as { error: { data: { code: string } } }).error.data.code;
}

describe("mutations from another site", () => {
  it("refuses a cross-site multipart form with 403 and leaves the session signed in", async () => {
    const cookie = await signIn();
    const form = new FormData();
    form.set("x", "1");
    const response = await fetch(`${base}/trpc/auth.logout`, {
      method: "POST",
      headers: { cookie, origin: "https://evil.example" },
      body: form,
    });
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe("FORBIDDEN");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await signedIn(cookie)).toBe(true);
  });

  it("refuses JSON with a foreign Origin, or Sec-Fetch-Site cross-site or same-site, before signing out", async () => {
    const cookie = await signIn();
    const foreign: Record<string, string>[] = [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }, { "sec-fetch-site": "same-site" }, { origin: "null" }];
    for (const headers of foreign) {
      const response = await fetch(`${base}/trpc/auth.logout`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json", ...headers },
        body: "{}",
      });
      expect(response.status).toBe(403);
    }
    expect(await signedIn(cookie)).toBe(true);
  });

  it("refuses text/plain and multipart from the same origin with 415", async () => {
    const cookie = await signIn();
    for (const contentType of ["text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"]) {
      const response = await fetch(`${base}/trpc/auth.logout`, {
        method: "POST",
        headers: { cookie, origin: base, "content-type": contentType },
        body: "{}",
      });
      expect(response.status).toBe(415);
      expect(await errorCode(response)).toBe("UNSUPPORTED_MEDIA_TYPE");
    }
    expect(await signedIn(cookie)).toBe(true);
  });

  it("accepts the app's own page (same Origin, Sec-Fetch-Site same-origin) and a plain script", async () => {
    const browser = await signIn();
    const fromPage = await fetch(`${base}/trpc/auth.logout`, {
      method: "POST",
      headers: { cookie: browser, origin: base, "sec-fetch-site": "same-origin", "content-type": "application/json" },
      body: "{}",
    });
    expect(fromPage.status).toBe(200);
    expect(await signedIn(browser)).toBe(false);
    const script = await signIn();
    const fromScript = await fetch(`${base}/trpc/auth.logout`, { method: "POST", headers: { cookie: script, "content-type": "application/json" }, body: "{}" });
    expect(fromScript.status).toBe(200);
    expect(await signedIn(script)).toBe(false);
  });
});

describe("Cache-Control: no-store on every API answer", () => {
  it("is on a success and on a 4xx", async () => {
    const cookie = await signIn();
    const ok = await fetch(`${base}/trpc/auth.me`, { headers: { cookie } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toBe("no-store");
    const unauthorized = await fetch(`${base}/trpc/auth.me`);
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get("cache-control")).toBe("no-store");
  });

  it("is on a 503 when the database is away", async () => {
    const unreachable = openServerDatabase({ connectionString: "postgres://wave@127.0.0.1:1/wave" });
    const app = createApp({ db: unreachable.db, log: createLogger("silent"), trustProxy: false });
    const local = app.listen(0);
    await new Promise((resolve) => local.once("listening", resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(local.address() as AddressInfo).port}/trpc/auth.login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "someone@example.test", password: "whatever" }),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get("cache-control")).toBe("no-store");
    } finally {
      await new Promise((resolve) => local.close(resolve));
      await unreachable.close();
    }
  });
});

describe("request limits", () => {
  it("refuses a body over 256 kB with 413 PAYLOAD_TOO_LARGE", async () => {
    const response = await fetch(`${base}/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "someone@example.test", password: "x".repeat(300 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(await errorCode(response)).toBe("PAYLOAD_TOO_LARGE");
  });

  it("answers a batch of 10 calls and refuses 11 with 400", async () => {
    const cookie = await signIn();
    const batch = (calls: number) =>
      fetch(`${base}/trpc/${Array.from({ length: calls }, () => "auth.me").join(",")}?batch=1&input=${encodeURIComponent("{}")}`, { headers: { cookie } });
    expect((await batch(10)).status).toBe(200);
    const refused = await batch(11);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain("Batch call exceeds maximum size");
  });

  it("answers a batch asked for as a stream (trpc-accept: application/jsonl) whole, with its length", async () => {
    const cookie = await signIn();
    const response = await fetch(`${base}/trpc/auth.me,auth.me?batch=1&input=${encodeURIComponent("{}")}`, {
      headers: { cookie, "trpc-accept": "application/jsonl" },
    });
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(Number(response.headers.get("content-length"))).toBe(Buffer.byteLength(body));
    // Both calls' answers are in it: nothing was cut off by writing it whole.
    expect(body.split(practice.consultants[0].email).length - 1).toBe(2);
  });
});

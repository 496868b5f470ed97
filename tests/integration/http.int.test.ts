import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openServerDatabase, type WaveDatabase } from "@wave/db";
import { createTestPractice, openTestDatabase, TEST_PASSWORD, type TestPractice } from "@wave/db/testing";
import { createApp, createLogger } from "@wave/server";
import { listen } from "../support/listen";

// The wire as a browser or a script sees it (CONTRACT.md): status codes,
// error shape, cookie attributes, health endpoints.
let database: WaveDatabase;
let practice: TestPractice;
let server: Server;
let base: string;

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "HTTP");
  const app = createApp({ db: database.db, log: createLogger("silent"), trustProxy: false });
  ({ server, base } = await listen(app));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await database.close();
});

async function login(email: string, password: string) {
  return fetch(`${base}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
}

describe("HTTP", () => {
  it("answers /healthz and /readyz", async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: "ok" });
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it("sets an HttpOnly, SameSite session cookie holding only a token, and security headers", async () => {
    const response = await login(practice.consultants[0].email, TEST_PASSWORD);
    expect(response.status).toBe(200);
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^wave_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(response.headers.get("x-powered-by")).toBeNull();
    const body = (await response.json()) as { result: { data: { email: string } } };
    expect(body.result.data.email).toBe(practice.consultants[0].email);
  });

  it("answers bad input with 400, a per-field message, and no stack trace", async () => {
    const response = await login("not-an-email", "");
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; data: Record<string, unknown> } };
    expect(body.error.data.code).toBe("BAD_REQUEST");
    expect(body.error.data.fieldErrors).toEqual({ email: ["Enter a valid email address"], password: ["Enter your password"] });
    expect(JSON.stringify(body)).not.toMatch(/stack|at \//);
  });

  it("answers 401 without a session and 404 for a client the caller may not see", async () => {
    const anonymous = await fetch(`${base}/trpc/auth.me`);
    expect(anonymous.status).toBe(401);
    const cookie = (await login(practice.consultants[1].email, TEST_PASSWORD)).headers.get("set-cookie")?.split(";")[0] ?? "";
    const input = encodeURIComponent(JSON.stringify({ clientId: practice.clients[0][0] }));
    const response = await fetch(`${base}/trpc/clients.byId?input=${input}`, { headers: { cookie } });
    expect(response.status).toBe(404);
  });
});

describe("when the database stops answering", () => {
  it("reports not ready with 503, and a failed request with a retryable 503, instead of crashing", async () => {
    // Nothing listens on port 1: every connection attempt is refused.
    const unreachable = openServerDatabase({ connectionString: "postgres://wave@127.0.0.1:1/wave" });
    const app = createApp({ db: unreachable.db, log: createLogger("silent"), trustProxy: false });
    const local = app.listen(0);
    await new Promise((resolve) => local.once("listening", resolve));
    const url = `http://127.0.0.1:${(local.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${url}/readyz`)).status).toBe(503);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const response = await fetch(`${url}/trpc/auth.login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "someone@example.test", password: "whatever" }),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      const body = JSON.stringify(await response.json());
      expect(body).toContain("The database is not answering. Please try again in a moment.");
      expect(body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/);
    } finally {
      await new Promise((resolve) => local.close(resolve));
      await unreachable.close();
    }
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { get, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliDecompressSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WaveDatabase } from "@wave/db";
import { createTestPractice, openTestDatabase, TEST_PASSWORD, type TestPractice } from "@wave/db/testing";
import { createApp } from "../app.js";
import { createFanOut } from "../live/change-feed.js";
import { createLogger } from "../logger.js";
import { signInToken } from "../testing.js";
import { SESSION_COOKIE } from "./session-cookie.js";

// What goes over the wire: the client's JavaScript and the API compressed
// for a browser that accepts it, the live-updates stream never held back.
let database: WaveDatabase;
let practice: TestPractice;
let server: Server;
let base: string;
let cookie: string;
const clientDist = mkdtempSync(path.join(tmpdir(), "wave-dist-"));
const ASSET = `export const labels = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `label number ${i}`))};\n`;
const log = createLogger("silent");
const fanOut = createFanOut(log);

beforeAll(async () => {
  mkdirSync(path.join(clientDist, "assets"));
  writeFileSync(path.join(clientDist, "assets", "index-abc123.js"), ASSET);
  writeFileSync(path.join(clientDist, "index.html"), "<!doctype html><title>Wave</title>");
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "Compressed");
  const lead = practice.lead;
  cookie = `${SESSION_COOKIE}=${await signInToken(database.db, lead.email, TEST_PASSWORD)}`;
  const changeFeed = { subscribe: fanOut.subscribe, stop: () => Promise.resolve(fanOut.closeAll()) };
  server = createApp({ db: database.db, log, trustProxy: false, clientDist, changeFeed }).listen(0);
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  fanOut.closeAll();
  await new Promise((resolve) => server.close(resolve));
  await database.close();
  rmSync(clientDist, { recursive: true, force: true });
});

/** A raw GET (fetch would decompress without saying), as a browser accepting brotli and gzip sends it. */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { "accept-encoding": "gzip, br", ...headers } }, resolve).on("error", reject);
  });
}

async function bodyOf(response: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe("compression", () => {
  it("sends a JavaScript asset brotli-compressed, and smaller", async () => {
    const response = await rawGet(`${base}/assets/index-abc123.js`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-encoding"]).toBe("br");
    const body = await bodyOf(response);
    expect(body.length).toBeLessThan(ASSET.length / 2);
    expect(brotliDecompressSync(body).toString()).toBe(ASSET);
  });

  it("sends a /trpc answer compressed", async () => {
    const response = await rawGet(`${base}/trpc/caseload.list?input=${encodeURIComponent("{}")}`, { cookie });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-encoding"]).toBe("br");
    const answer = JSON.parse(brotliDecompressSync(await bodyOf(response)).toString()) as { result: { data: { rows: unknown[] } } };
    expect(answer.result.data.rows.length).toBeGreaterThan(0);
  });

  it("sends a small /trpc answer as it is, with its length: nothing to gain from compressing 100 bytes", async () => {
    const response = await rawGet(`${base}/trpc/auth.me`, { cookie });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-encoding"]).toBeUndefined();
    const body = await bodyOf(response);
    expect(Number(response.headers["content-length"])).toBe(body.length);
    expect((JSON.parse(body.toString()) as { result: { data: { email: string } } }).result.data.email).toBe(practice.lead.email);
  });

  it("falls back to gzip for a browser without brotli", async () => {
    const response = await rawGet(`${base}/assets/index-abc123.js`, { "accept-encoding": "gzip" });
    expect(response.headers["content-encoding"]).toBe("gzip");
    response.resume();
  });

  it("leaves the live-updates stream uncompressed, its first event readable at once", async () => {
    const response = await rawGet(`${base}/events`, { cookie });
    try {
      expect(response.headers["content-type"]).toMatch(/^text\/event-stream/);
      expect(response.headers["content-encoding"]).toBeUndefined();
      // A compressor would hold these few bytes until its buffer filled or the stream ended.
      const first = await new Promise<Buffer>((resolve) => response.once("data", resolve));
      expect(first.toString()).toContain(": connected");
    } finally {
      response.destroy();
    }
  });
});

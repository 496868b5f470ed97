import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WaveDatabase } from "@wave/db";
import { createTestPractice, openTestDatabase, TEST_PASSWORD, type TestPractice } from "@wave/db/testing";
import { logout, resolveSession } from "../auth/auth.service.js";
import { createLogger } from "../logger.js";
import { signInToken } from "../testing.js";
import { createFanOut, type ChangeFeed } from "./change-feed.js";
import { eventsRoute } from "./events.route.js";

// The stream's own session rules, with a heartbeat short enough to watch.
let database: WaveDatabase;
let practice: TestPractice;
let server: Server;
let base: string;
const log = createLogger("silent");
const fanOut = createFanOut(log);
const feed: ChangeFeed = { subscribe: fanOut.subscribe, stop: () => Promise.resolve(fanOut.closeAll()) };

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "Stream");
  const app = express();
  app.get("/events", eventsRoute({ db: database.db, feed, log, now: () => new Date(), heartbeatMs: 100 }));
  server = app.listen(0);
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await feed.stop();
  await new Promise((resolve) => server.close(resolve));
  await database.close();
});

async function sessionIdOf(token: string): Promise<string> {
  const session = await resolveSession(database.db, token, new Date(), { touch: false });
  if (!session) throw new Error("session gone");
  return session.id;
}

async function lastSeenAt(sessionId: string): Promise<number> {
  const row = await database.db.selectFrom("sessions").select("last_seen_at").where("id", "=", sessionId).executeTakeFirstOrThrow();
  return new Date(row.last_seen_at).getTime();
}

/** Reads the stream to its end; resolves with everything it said. */
async function readToEnd(response: Response): Promise<string> {
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of response.body ?? []) text += decoder.decode(chunk as Uint8Array, { stream: true });
  return text;
}

describe("an open event stream", () => {
  it("ends soon after its session is signed out, and its heartbeats never count as activity", async () => {
    const token = await signInToken(database.db, practice.consultants[0].email, TEST_PASSWORD);
    const sessionId = await sessionIdOf(token);
    const response = await fetch(`${base}/events`, { headers: { cookie: `wave_session=${token}` } });
    expect(response.status).toBe(200);
    const said = readToEnd(response);

    // Idle for ten minutes as far as the session knows: any request now would
    // refresh last_seen_at, the stream's re-checks must not.
    const idleSince = new Date(Date.now() - 10 * 60_000);
    await database.db.updateTable("sessions").set({ last_seen_at: idleSince }).where("id", "=", sessionId).execute();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await lastSeenAt(sessionId)).toBe(idleSince.getTime());

    const session = await resolveSession(database.db, token, new Date(), { touch: false });
    if (!session) throw new Error("session gone");
    await logout(database.db, session);

    const text = await Promise.race([
      said,
      new Promise<string>((_resolve, reject) => setTimeout(() => reject(new Error("stream still open")), 5_000)),
    ]);
    expect(text).toContain(": heartbeat");
    expect(fanOut.size()).toBe(0);
  });
});

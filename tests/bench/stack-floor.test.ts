import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { ExecutedQuery } from "@wave/db";
import { createStackFloorApp, type StackReplay } from "./stack-floor-app";
import { answersOf, proceduresOf } from "./stack-floor";

// The stack floor must answer exactly what the real server answered, after
// running exactly the captured statements once per request: a floor that
// skipped them, or answered something smaller, would flatter the stack.

const statements: ExecutedQuery[] = [
  { sql: "start transaction", parameters: [] },
  { sql: "select 1", parameters: [] },
  { sql: "commit", parameters: [] },
];
const single: StackReplay = { path: "/trpc/caseload.list", statements, answers: { "caseload.list": { rows: [{ clientId: "a" }], total: 1 } } };
const batch: StackReplay = {
  path: "/trpc/clients.byId,analytics.clientTrend?batch=1&input=%7B%7D",
  statements,
  answers: { "clients.byId": { displayName: "Anya R." }, "analytics.clientTrend": { points: [1, 2] } },
};

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(run: (statements: readonly ExecutedQuery[]) => Promise<void>): Promise<string> {
  server = createStackFloorApp([single, batch], run).listen(0, "127.0.0.1");
  await new Promise((resolve) => server?.once("listening", resolve));
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
}

describe("the stack floor", () => {
  it("answers a call and a batch with the captured data, running the request's statements once", async () => {
    const ran: (readonly ExecutedQuery[])[] = [];
    const base = await serve((replayed) => {
      ran.push(replayed);
      return Promise.resolve();
    });
    const one = await fetch(`${base}${single.path}`);
    expect(one.status).toBe(200);
    expect(await one.json()).toEqual({ result: { data: single.answers["caseload.list"] } });
    const both = await fetch(`${base}${batch.path}`);
    expect(await both.json()).toEqual([
      { result: { data: batch.answers["clients.byId"] } },
      { result: { data: batch.answers["analytics.clientTrend"] } },
    ]);
    expect(ran).toEqual([statements, statements]);
  });

  it("fails the request when a statement fails, and refuses a path it was not given", async () => {
    const base = await serve(() => Promise.reject(new Error("relation does not exist")));
    expect((await fetch(`${base}${single.path}`)).status).toBe(500);
    expect((await fetch(`${base}/trpc/auth.me`)).status).toBe(404);
  });

  it("refuses two replays of one path", () => {
    expect(() => createStackFloorApp([single, single], () => Promise.resolve())).toThrow(/two replays/);
  });
});

describe("reading a tRPC answer for the stack floor", () => {
  it("names each procedure of a path, batched or not", () => {
    expect(proceduresOf("/trpc/caseload.list?input=%7B%7D")).toEqual(["caseload.list"]);
    expect(proceduresOf(batch.path)).toEqual(["clients.byId", "analytics.clientTrend"]);
  });

  it("takes each procedure's data, and refuses an error answer", () => {
    expect(answersOf(batch.path, [{ result: { data: 1 } }, { result: { data: 2 } }])).toEqual({ "clients.byId": 1, "analytics.clientTrend": 2 });
    expect(() => answersOf(single.path, { error: { message: "UNAUTHORIZED" } } as never)).toThrow(/no data/);
    expect(() => answersOf(batch.path, [{ result: { data: 1 } }])).toThrow(/1 results for 2 procedures/);
  });
});

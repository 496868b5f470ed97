import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import type { RequestConnection } from "./context.js";
import { createHeavyWorkLimiter, DEFAULT_HEAVY_WORK, HEAVY_WORK_BUSY } from "./heavy-procedure.js";

/**
 * A request's connection that counts how often it was asked to wait without
 * holding the database; with `request`, one call's part of that request's.
 */
function fakeConnection(request?: object): RequestConnection & { waits: number } {
  return {
    waits: 0,
    ...(request ? { request } : {}),
    call: (work) => work(null),
    whileWaiting(wait) {
      this.waits += 1;
      return wait();
    },
  };
}

/** Work that runs until the test lets it finish. */
function gatedWork(): { started: () => boolean; finish: () => void; work: () => Promise<string> } {
  let started = false;
  let finish = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    started: () => started,
    finish: () => finish(),
    work: async () => {
      started = true;
      await done;
      return "done";
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the heavy-work limiter", () => {
  it("runs `concurrency` requests at once; the next waits without its connection; one more than the queue is refused", async () => {
    const limiter = createHeavyWorkLimiter({ concurrency: 2, maxQueued: 1, statementTimeoutMs: 1_000 });
    const connections = [fakeConnection(), fakeConnection(), fakeConnection(), fakeConnection()] as const;
    const works = [gatedWork(), gatedWork(), gatedWork()] as const;
    const running = works.map((work, index) => limiter.run(connections[index] as RequestConnection, work.work));
    await settle();
    expect(works.map((work) => work.started())).toEqual([true, true, false]);
    expect(connections.map((connection) => connection.waits)).toEqual([0, 0, 1, 0]);

    const refused = await limiter.run(connections[3], () => Promise.resolve("ran")).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TRPCError);
    expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS", message: HEAVY_WORK_BUSY });

    works[0].finish();
    expect(await running[0]).toBe("done");
    await settle();
    expect(works[2].started()).toBe(true);
    works[1].finish();
    works[2].finish();
    expect(await Promise.all(running)).toEqual(["done", "done", "done"]);
  });

  it("lets the procedures of one request share its turn, and frees it when the last one ends", async () => {
    const limiter = createHeavyWorkLimiter({ concurrency: 1, maxQueued: 5, statementTimeoutMs: 1_000 });
    // A batch of two calls: each call has a connection of its own, both parts of one request's.
    const batch = {};
    const [firstCall, secondCall] = [fakeConnection(batch), fakeConnection(batch)];
    const other = fakeConnection();
    const [first, second, third] = [gatedWork(), gatedWork(), gatedWork()];
    const firstRun = limiter.run(firstCall, first.work);
    const secondRun = limiter.run(secondCall, second.work);
    const otherRun = limiter.run(other, third.work);
    await settle();
    expect([first.started(), second.started(), third.started()]).toEqual([true, true, false]);

    first.finish();
    await firstRun;
    await settle();
    expect(third.started()).toBe(false);
    second.finish();
    await secondRun;
    await settle();
    expect(third.started()).toBe(true);
    third.finish();
    expect(await otherRun).toBe("done");
    expect([firstCall.waits, secondCall.waits, other.waits]).toEqual([0, 0, 1]);
  });

  it("frees the turn when the work fails", async () => {
    const limiter = createHeavyWorkLimiter({ concurrency: 1, maxQueued: 0, statementTimeoutMs: 1_000 });
    await expect(limiter.run(fakeConnection(), () => Promise.reject(new Error("query failed")))).rejects.toThrow("query failed");
    expect(await limiter.run(fakeConnection(), () => Promise.resolve("next"))).toBe("next");
  });

  it("by default queues a burst of 16 dashboards (2 run, 14 wait) instead of turning any away", async () => {
    const limiter = createHeavyWorkLimiter(DEFAULT_HEAVY_WORK);
    const works = Array.from({ length: 16 }, () => gatedWork());
    const running = works.map((work) => limiter.run(fakeConnection(), work.work));
    await settle();
    expect(works.filter((work) => work.started())).toHaveLength(2);
    for (const work of works) work.finish();
    const answers = await Promise.allSettled(running);
    expect(answers.every((answer) => answer.status === "fulfilled")).toBe(true);
  });

  it("by default refuses the request after 2 running and 30 waiting", async () => {
    const limiter = createHeavyWorkLimiter(DEFAULT_HEAVY_WORK);
    const works = Array.from({ length: 32 }, () => gatedWork());
    const running = works.map((work) => limiter.run(fakeConnection(), work.work));
    await settle();
    const refused = await limiter.run(fakeConnection(), () => Promise.resolve("ran")).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    for (const work of works) work.finish();
    await Promise.all(running);
  });
});

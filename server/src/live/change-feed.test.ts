import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { LiveChange } from "@wave/shared";
import { createFanOut, type ChangeSubscriber, type Viewer } from "./change-feed.js";

const practice = randomUUID();
const otherPractice = randomUUID();
const lead: Viewer = { userId: randomUUID(), practiceId: practice, role: "lead" };
const assigned: Viewer = { userId: randomUUID(), practiceId: practice, role: "consultant" };
const colleague: Viewer = { userId: randomUUID(), practiceId: practice, role: "consultant" };
const otherLead: Viewer = { userId: randomUUID(), practiceId: otherPractice, role: "lead" };

function capturingLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: pino({ level: "info" }, stream), lines };
}

function recorder(viewer: Viewer) {
  const received: (LiveChange | "resync" | "closed")[] = [];
  const subscriber: ChangeSubscriber = {
    viewer: () => viewer,
    change: (change) => received.push(change),
    resync: () => received.push("resync"),
    close: () => received.push("closed"),
  };
  return { subscriber, received };
}

describe("the live fan-out", () => {
  it("gives a change to the practice's leads and the consultants named, and to no one else", () => {
    const fanOut = createFanOut(capturingLog().log);
    const streams = [lead, assigned, colleague, otherLead].map(recorder);
    for (const stream of streams) fanOut.subscribe(stream.subscriber);
    const clientId = randomUUID();

    fanOut.deliver(JSON.stringify({ p: practice, c: clientId, k: "episodes", u: [assigned.userId] }));

    const [toLead, toAssigned, toColleague, toOtherPractice] = streams.map((stream) => stream.received);
    expect(toLead).toEqual([{ kind: "episodes", clientId }]);
    expect(toAssigned).toEqual([{ kind: "episodes", clientId }]);
    expect(toColleague).toEqual([]);
    expect(toOtherPractice).toEqual([]);
  });

  it("reaches both consultants of a reassignment, and follows a viewer whose role changed", () => {
    const fanOut = createFanOut(capturingLog().log);
    let viewer: Viewer = colleague;
    const received: LiveChange[] = [];
    fanOut.subscribe({ viewer: () => viewer, change: (change) => received.push(change), resync: () => undefined, close: () => undefined });
    const clientId = randomUUID();

    fanOut.deliver(JSON.stringify({ p: practice, c: clientId, k: "clients", u: [assigned.userId, colleague.userId] }));
    viewer = { ...colleague, role: "lead" };
    fanOut.deliver(JSON.stringify({ p: practice, c: clientId, k: "notes", u: [assigned.userId] }));

    expect(received).toEqual([
      { kind: "clients", clientId },
      { kind: "notes", clientId },
    ]);
  });

  it("ignores a malformed notification without logging what it held", () => {
    const { log, lines } = capturingLog();
    const fanOut = createFanOut(log);
    const stream = recorder(lead);
    fanOut.subscribe(stream.subscriber);

    fanOut.deliver(JSON.stringify({ p: practice, c: "not-an-id", k: "episodes", u: [], notes: "secret words" }));
    fanOut.deliver("secret words that are not JSON");
    fanOut.deliver(JSON.stringify({ p: practice, c: randomUUID(), k: "audit_log", u: [] }));

    expect(stream.received).toEqual([]);
    expect(lines).toHaveLength(3);
    expect(lines.join("")).not.toContain("secret");
  });

  it("asks every stream to resync, and closes them all, dropping a stream that fails", () => {
    const fanOut = createFanOut(capturingLog().log);
    const healthy = recorder(assigned);
    fanOut.subscribe({
      viewer: () => lead,
      change: () => undefined,
      resync: () => {
        throw new Error("socket gone");
      },
      close: () => undefined,
    });
    const unsubscribed = recorder(colleague);
    fanOut.subscribe(healthy.subscriber);
    const unsubscribe = fanOut.subscribe(unsubscribed.subscriber);
    unsubscribe();

    fanOut.resync();
    expect(fanOut.size()).toBe(1);
    fanOut.closeAll();

    expect(healthy.received).toEqual(["resync", "closed"]);
    expect(unsubscribed.received).toEqual([]);
    expect(fanOut.size()).toBe(0);
  });
});

import { describe, expect, it } from "vitest";
import { createFlusher, enqueue, flushOnce, notices, pendingSubmissions, type SendResult, type Submission } from "./queue";
import { memoryStore } from "./storage";

const TOKEN = "a".repeat(43);
const OTHER_TOKEN = "b".repeat(43);

function episode(id: string, queuedAt: string, token = TOKEN): Submission {
  return {
    kind: "episode",
    id,
    token,
    queuedAt,
    episode: { id, occurredAt: queuedAt, intensity: 6, selfHarmThoughts: false, notes: "woke at 3, felt hollow" },
  };
}

/** A server that answers from a script, and remembers every submission it was sent. */
function scriptedServer(...answers: SendResult[]) {
  const received: Submission[] = [];
  const send = (submission: Submission) => {
    received.push(structuredClone(submission));
    return Promise.resolve(answers.shift() ?? { outcome: "saved" as const });
  };
  return { send, received };
}

describe("the self-report outbox", () => {
  it("keeps a submission on the phone before sending it", async () => {
    const store = memoryStore();
    const seenAtSend: number[] = [];
    await enqueue(store, episode("e1", "2026-01-01T03:00:00.000Z"));
    await flushOnce(store, async () => {
      seenAtSend.push((await pendingSubmissions(store)).length);
      return { outcome: "saved" };
    });
    expect(seenAtSend).toEqual([1]);
  });

  it("retries with the same id and content after going offline, and lets it go only once saved", async () => {
    const store = memoryStore();
    const server = scriptedServer({ outcome: "waiting" }, { outcome: "waiting" }, { outcome: "saved" });
    await enqueue(store, episode("e1", "2026-01-01T03:00:00.000Z"));

    expect(await flushOnce(store, server.send)).toMatchObject({ saved: [], waiting: 1 });
    expect(await flushOnce(store, server.send)).toMatchObject({ saved: [], waiting: 1 });
    expect(await flushOnce(store, server.send)).toMatchObject({ saved: ["e1"], waiting: 0 });

    expect(server.received).toHaveLength(3);
    expect(new Set(server.received.map((submission) => submission.id))).toEqual(new Set(["e1"]));
    expect(server.received[2]).toEqual(server.received[0]);
    expect(await pendingSubmissions(store)).toEqual([]);
  });

  it("keeps a submission whose send threw (a bug or a broken network stack), as if offline", async () => {
    const store = memoryStore();
    await enqueue(store, episode("e1", "2026-01-01T03:00:00.000Z"));
    const report = await flushOnce(store, () => Promise.reject(new TypeError("Failed to fetch")));
    expect(report.waiting).toBe(1);
    expect(await pendingSubmissions(store)).toHaveLength(1);
  });

  it("sends the oldest first and stops the pass at the first one that must wait", async () => {
    const store = memoryStore();
    await enqueue(store, episode("late", "2026-01-01T05:00:00.000Z"));
    await enqueue(store, episode("early", "2026-01-01T03:00:00.000Z"));
    await enqueue(store, episode("middle", "2026-01-01T04:00:00.000Z"));
    const server = scriptedServer({ outcome: "saved" }, { outcome: "waiting" });

    const report = await flushOnce(store, server.send);

    expect(server.received.map((submission) => submission.id)).toEqual(["early", "middle"]);
    expect(report).toMatchObject({ saved: ["early"], waiting: 2 });
  });

  it("replaces a refused submission by a plain notice that holds none of the answers", async () => {
    const store = memoryStore();
    await enqueue(store, episode("e1", "2026-01-01T03:00:00.000Z"));
    const server = scriptedServer({ outcome: "refused", linkEnded: false, message: "This report could not be saved: it is too early." });

    const report = await flushOnce(store, server.send);

    expect(report.refused.map((notice) => notice.message)).toEqual(["This report could not be saved: it is too early."]);
    expect(await pendingSubmissions(store)).toEqual([]);
    const kept = await notices(store);
    expect(kept).toEqual([{ id: "e1", kind: "episode", queuedAt: "2026-01-01T03:00:00.000Z", message: "This report could not be saved: it is too early." }]);
    expect(JSON.stringify(await store.entries(""))).not.toContain("hollow");
  });

  it("does not ask again for the other reports of a link that has ended, but still sends another link's", async () => {
    const store = memoryStore();
    await enqueue(store, episode("e1", "2026-01-01T03:00:00.000Z"));
    await enqueue(store, episode("e2", "2026-01-01T04:00:00.000Z"));
    await enqueue(store, episode("e3", "2026-01-01T05:00:00.000Z", OTHER_TOKEN));
    const server = scriptedServer({ outcome: "refused", linkEnded: true, message: "ended" }, { outcome: "saved" });

    const report = await flushOnce(store, server.send);

    expect(server.received.map((submission) => submission.id)).toEqual(["e1", "e3"]);
    expect(report.endedTokens).toEqual([TOKEN]);
    expect(report.saved).toEqual(["e3"]);
    expect((await notices(store)).map((notice) => notice.id)).toEqual(["e1", "e2"]);
    expect(report.waiting).toBe(0);
  });

  it("runs one pass at a time, and one more for a submission queued during a pass", async () => {
    const store = memoryStore();
    await enqueue(store, episode("e1", "2026-01-01T03:00:00.000Z"));
    let inFlight = 0;
    let mostInFlight = 0;
    const sent: string[] = [];
    let release: () => void = () => undefined;
    const firstAnswer = new Promise<void>((resolve) => {
      release = resolve;
    });
    const send = async (submission: Submission): Promise<SendResult> => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      sent.push(submission.id);
      if (submission.id === "e1") await firstAnswer;
      inFlight -= 1;
      return { outcome: "saved" };
    };
    const reports: number[] = [];
    const flush = createFlusher(store, send, (report) => reports.push(report.waiting));

    const first = flush();
    await enqueue(store, episode("e2", "2026-01-01T04:00:00.000Z"));
    const second = flush();
    const third = flush();
    release();
    await Promise.all([first, second, third]);

    expect(mostInFlight).toBe(1);
    expect(sent).toEqual(["e1", "e2"]);
    expect(reports.at(-1)).toBe(0);
    expect(await pendingSubmissions(store)).toEqual([]);
  });
});

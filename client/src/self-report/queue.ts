import type { SelfReportEpisodeInput } from "@wave/shared";
import type { KeyValueStore } from "./storage";

// The outbox (issue 10): every submission is written to the phone before it
// is sent, and leaves only when the server has answered for it: saved, or a
// definitive refusal, which leaves a plain notice instead. A retry sends the
// same id, so the server's idempotent create never makes a second record.

interface Queued {
  /** The record's id, made once when the client pressed Save and reused by every retry. */
  id: string;
  /** The link it was made with: a newer link on the same phone does not change where it goes. */
  token: string;
  queuedAt: string;
}
export type Submission =
  | (Queued & { kind: "episode"; episode: SelfReportEpisodeInput })
  | (Queued & { kind: "epds"; answers: number[] });

/** What the page tells the client about a submission the server refused. It holds no answers: a lost phone must not reveal them. */
export interface Notice {
  id: string;
  kind: Submission["kind"];
  queuedAt: string;
  message: string;
}

/** A send's result, as the API's answer classifies it. */
export type SendResult =
  | { outcome: "saved" }
  /** Offline, the server away, rate limited: the submission waits for the next try. */
  | { outcome: "waiting" }
  | { outcome: "refused"; message: string; linkEnded: boolean };

export type Send = (submission: Submission) => Promise<SendResult>;

export interface FlushReport {
  saved: string[];
  refused: Notice[];
  /** Tokens the server said have ended. */
  endedTokens: string[];
  /** Still on the phone after this pass. */
  waiting: number;
}

const SUBMISSION = "submission:";
const NOTICE = "notice:";

// Keys sort by the time queued, so the oldest goes first.
const submissionKey = (submission: Submission) => `${SUBMISSION}${submission.queuedAt}:${submission.id}`;

export async function pendingSubmissions(store: KeyValueStore): Promise<Submission[]> {
  return (await store.entries<Submission>(SUBMISSION)).map(([, submission]) => submission);
}

export async function notices(store: KeyValueStore): Promise<Notice[]> {
  return (await store.entries<Notice>(NOTICE)).map(([, notice]) => notice);
}

export async function dismissNotice(store: KeyValueStore, id: string): Promise<void> {
  await store.del(`${NOTICE}${id}`);
}

/** Kept on the phone first: only then may it be sent. */
export async function enqueue(store: KeyValueStore, submission: Submission): Promise<void> {
  await store.set(submissionKey(submission), submission);
}

/**
 * One pass over the outbox, oldest first. The first submission that must
 * wait ends the pass: the network or the server is away for the rest too.
 */
export async function flushOnce(store: KeyValueStore, send: Send): Promise<FlushReport> {
  const report: FlushReport = { saved: [], refused: [], endedTokens: [], waiting: 0 };
  for (const submission of await pendingSubmissions(store)) {
    // A refused submission's token has ended for the others too: no point asking again.
    if (report.endedTokens.includes(submission.token)) {
      await refuse(store, submission, linkEndedMessage(submission.kind), report);
      continue;
    }
    let result: SendResult;
    try {
      result = await send(submission);
    } catch {
      result = { outcome: "waiting" };
    }
    if (result.outcome === "waiting") break;
    if (result.outcome === "saved") {
      await store.del(submissionKey(submission));
      report.saved.push(submission.id);
      continue;
    }
    if (result.linkEnded) report.endedTokens.push(submission.token);
    await refuse(store, submission, result.message, report);
  }
  report.waiting = (await pendingSubmissions(store)).length;
  return report;
}

export function linkEndedMessage(kind: Submission["kind"]): string {
  const what = kind === "episode" ? "report" : "questionnaire";
  return `The link had ended before this ${what} could be sent, so it was not saved. Please tell your consultant about it.`;
}

// The notice is written before the submission goes, so a page closed between the two loses nothing.
async function refuse(store: KeyValueStore, submission: Submission, message: string, report: FlushReport): Promise<void> {
  const notice: Notice = { id: submission.id, kind: submission.kind, queuedAt: submission.queuedAt, message };
  await store.set(`${NOTICE}${submission.id}`, notice);
  await store.del(submissionKey(submission));
  report.refused.push(notice);
}

/**
 * Serialises passes: the `online` event, the timer and a new submission may
 * all ask at once; a request while a pass runs starts one more pass after it,
 * so nothing queued meanwhile waits for the next timer.
 */
export function createFlusher(store: KeyValueStore, send: Send, onReport: (report: FlushReport) => void) {
  let running: Promise<void> | null = null;
  let again = false;
  async function loop(): Promise<void> {
    do {
      again = false;
      onReport(await flushOnce(store, send));
    } while (again);
  }
  return function flush(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = loop().finally(() => {
      running = null;
    });
    return running;
  };
}

import { SELF_REPORT_ENDED } from "@wave/shared";
import { describe, expect, it } from "vitest";
import { createSelfReportClient, sendWith } from "./api";
import type { Submission } from "./queue";

const TOKEN = "t".repeat(43);
const EPISODE = { id: "6f1d3c1e-8f3a-4b7e-9a4c-2d5e6f7a8b9c", occurredAt: "2026-01-10T03:12:30.000Z", intensity: 6, selfHarmThoughts: false };
const SUBMISSION: Submission = { kind: "episode", id: EPISODE.id, token: TOKEN, queuedAt: EPISODE.occurredAt, episode: EPISODE };

interface Sent {
  url: string;
  method: string | undefined;
  credentials: RequestCredentials | undefined;
  body: unknown;
}

/** The API as the page meets it over HTTP: tRPC's JSON answers, or no network at all. */
function fakeApi(respond: () => Response | Promise<Response>) {
  const sent: Sent[] = [];
  const fetchImpl: typeof fetch = (input, init) => {
    sent.push({
      url: input instanceof Request ? input.url : input.toString(),
      method: init?.method,
      credentials: init?.credentials,
      body: typeof init?.body === "string" ? JSON.parse(init.body) : null,
    });
    return Promise.resolve(respond());
  };
  return { send: sendWith(createSelfReportClient(fetchImpl)), sent };
}

function trpcError(httpStatus: number, code: string, message: string, fieldErrors: Record<string, string[]> | null = null): Response {
  return Response.json({ error: { message, code: -32000, data: { code, httpStatus, path: "selfReport.submit", fieldErrors, conflict: null } } }, { status: httpStatus });
}

describe("sending a queued submission", () => {
  it("posts it without cookies and counts it saved when the server says so", async () => {
    const api = fakeApi(() => Response.json({ result: { data: { saved: true, id: SUBMISSION.id } } }));
    expect(await api.send(SUBMISSION)).toEqual({ outcome: "saved" });
    expect(api.sent).toEqual([
      { url: "/trpc/selfReport.submit", method: "POST", credentials: "omit", body: { token: TOKEN, episode: EPISODE } },
    ]);
  });

  it("keeps waiting when offline, when the server is away, rate limited, or answers something that is not the API", async () => {
    const offline = fakeApi(() => Promise.reject(new TypeError("Failed to fetch")));
    expect(await offline.send(SUBMISSION)).toEqual({ outcome: "waiting" });
    for (const response of [
      trpcError(503, "SERVICE_UNAVAILABLE", "The database is away"),
      trpcError(429, "TOO_MANY_REQUESTS", "Too many reports from this link: try again later"),
      trpcError(500, "INTERNAL_SERVER_ERROR", "Something went wrong on our side."),
      new Response("<html>Bad gateway</html>", { status: 502, headers: { "content-type": "text/html" } }),
    ]) {
      expect(await fakeApi(() => response).send(SUBMISSION)).toEqual({ outcome: "waiting" });
    }
  });

  it("gives up with a plain message when the link has ended", async () => {
    const api = fakeApi(() => trpcError(404, "NOT_FOUND", SELF_REPORT_ENDED));
    expect(await api.send(SUBMISSION)).toEqual({
      outcome: "refused",
      linkEnded: true,
      message: "The link had ended before this report could be sent, so it was not saved. Please tell your consultant about it.",
    });
  });

  it("gives up on a refused input with the server's words for the field, and on a conflicting replay", async () => {
    const refused = fakeApi(() =>
      trpcError(400, "BAD_REQUEST", "episode.occurredAt: When it happened cannot be in the future", { "episode.occurredAt": ["When it happened cannot be in the future"] }),
    );
    expect(await refused.send(SUBMISSION)).toEqual({
      outcome: "refused",
      linkEnded: false,
      message: "This report could not be saved: When it happened cannot be in the future",
    });
    const conflict = fakeApi(() => trpcError(409, "CONFLICT", "A different report was already saved with this id"));
    expect(await conflict.send(SUBMISSION)).toMatchObject({ outcome: "refused", linkEnded: false });
  });

  it("says so when the questionnaire is no longer waiting, without treating the link as ended", async () => {
    const api = fakeApi(() => trpcError(404, "NOT_FOUND", "There is no questionnaire waiting on this link."));
    expect(await api.send({ kind: "epds", id: SUBMISSION.id, token: TOKEN, queuedAt: SUBMISSION.queuedAt, answers: [0, 0, 3, 0, 3, 3, 3, 3, 3, 3] })).toEqual({
      outcome: "refused",
      linkEnded: false,
      message: "There is no questionnaire waiting on this link. Your answers were not saved.",
    });
    expect(api.sent[0]?.url).toBe("/trpc/selfReport.submitEpds");
  });
});

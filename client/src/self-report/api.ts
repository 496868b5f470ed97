import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import { SELF_REPORT_ENDED } from "@wave/shared";
import type { AppRouter } from "@wave/server/router";
import { linkEndedMessage, type SendResult, type Submission } from "./queue";

/**
 * The page's own API client: one call per request (no batching, so one slow
 * call never holds up another), and no cookie: the link is the only
 * credential, and a staff session on the same phone must play no part.
 */
export function createSelfReportClient(fetchImpl: typeof fetch = (input, init) => fetch(input, init)) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: "/trpc",
        // Every call as a POST, so the token (in the input) travels in the
        // body, never in a URL a proxy or access log would keep.
        methodOverride: "POST",
        fetch: (url, options) => fetchImpl(url, { ...options, credentials: "omit" }),
      }),
    ],
  });
}

export type SelfReportClient = ReturnType<typeof createSelfReportClient>;

type ApiError = TRPCClientError<AppRouter>;

export function errorCodeOf(error: unknown): string | null {
  return error instanceof TRPCClientError ? ((error as ApiError).data?.code ?? null) : null;
}

/** The server's words for a refused input: the first field's own message, without the field's path. */
function refusalWords(error: unknown): string {
  if (!(error instanceof TRPCClientError)) return "";
  const fieldErrors = (error as ApiError).data?.fieldErrors;
  const first = fieldErrors ? Object.values(fieldErrors).flat()[0] : undefined;
  return first ?? error.message;
}

/** Whether the link itself has ended (unknown, expired or revoked: the server answers all alike). */
export function isLinkEnded(error: unknown): boolean {
  return errorCodeOf(error) === "NOT_FOUND" && error instanceof Error && error.message === SELF_REPORT_ENDED;
}

/**
 * Sending again cannot change these answers, so the submission leaves the
 * phone with a notice. Anything else (offline, the server away, too many
 * tries, an answer that is not the API's) keeps it waiting.
 */
const FINAL = new Set(["BAD_REQUEST", "NOT_FOUND", "CONFLICT", "PAYLOAD_TOO_LARGE", "UNPROCESSABLE_CONTENT"]);

export function classifySendError(error: unknown, kind: Submission["kind"]): SendResult {
  const code = errorCodeOf(error);
  if (code === null || !FINAL.has(code)) return { outcome: "waiting" };
  const what = kind === "episode" ? "report" : "questionnaire";
  if (isLinkEnded(error)) return { outcome: "refused", linkEnded: true, message: linkEndedMessage(kind) };
  if (code === "CONFLICT") {
    return { outcome: "refused", linkEnded: false, message: `This ${what} had already been sent with different answers: the first one was kept.` };
  }
  if (code === "NOT_FOUND") {
    return { outcome: "refused", linkEnded: false, message: `${refusalWords(error)} Your answers were not saved.`.trim() };
  }
  return { outcome: "refused", linkEnded: false, message: `This ${what} could not be saved: ${refusalWords(error)}`.trim() };
}

/** Sends one queued submission; the same id every time, so a retry writes once. */
export function sendWith(client: SelfReportClient) {
  return async (submission: Submission): Promise<SendResult> => {
    try {
      if (submission.kind === "episode") {
        await client.selfReport.submit.mutate({ token: submission.token, episode: submission.episode });
      } else {
        await client.selfReport.submitEpds.mutate({ token: submission.token, id: submission.id, answers: submission.answers });
      }
      return { outcome: "saved" };
    } catch (error) {
      return classifySendError(error, submission.kind);
    }
  };
}

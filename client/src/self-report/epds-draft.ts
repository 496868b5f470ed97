import { EPDS_ITEM_COUNT, SelfReportEpdsInput } from "@wave/shared";
import { ITEM_10_NEVER } from "../recording/epds-items";

// The EPDS as the client answers it: each answer is the index of the option
// chosen, in printed order (CONTRACT.md); the server scores it.

export type EpdsDraft = (number | null)[];

export function newEpdsDraft(): EpdsDraft {
  return Array<number | null>(EPDS_ITEM_COUNT).fill(null);
}

/** Any answer to question 10 but "Never" means thoughts of self-harm: the page shows where to get help at once. */
export function epdsShowsHelp(draft: EpdsDraft): boolean {
  const item10 = draft[EPDS_ITEM_COUNT - 1];
  return item10 !== null && item10 !== undefined && item10 !== ITEM_10_NEVER;
}

/** The answers to queue, or the questions still unanswered (1-based, as printed). */
export function validateEpds(draft: EpdsDraft): { answers: number[] } | { unanswered: number[] } {
  const answers = draft.map((answer) => answer ?? Number.NaN);
  // The shared schema has the last word, as the server will.
  const parsed = SelfReportEpdsInput.shape.answers.safeParse(answers);
  if (parsed.success) return { answers: parsed.data };
  const unanswered = draft.flatMap((answer, index) => (answer === null || !Number.isInteger(answer) || answer < 0 || answer > 3 ? [index + 1] : []));
  return { unanswered: unanswered.length > 0 ? unanswered : draft.map((_answer, index) => index + 1) };
}

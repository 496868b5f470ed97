import { EPDS_ITEM_COUNT, SelfReportEpdsInput } from "@wave/shared";
import { ITEM_10_NEVER } from "../lib/epds-items";
import { checkWith, type Checked } from "../ui/form/check";

/** What the client's page checks before queueing: the submission without the token, which the page adds when it sends. */
const SelfReportEpdsAnswers = SelfReportEpdsInput.omit({ token: true });

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

/** Checked by the shared schema, which names each unanswered question ("answers.1": "Choose an answer to question 2"). */
export function checkEpds(draft: EpdsDraft, id: string): Checked<{ id: string; answers: number[] }> {
  return checkWith(SelfReportEpdsAnswers, { id, answers: draft.map((answer) => answer ?? undefined) });
}

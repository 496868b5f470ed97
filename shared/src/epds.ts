/**
 * Edinburgh Postnatal Depression Scale (DOMAIN.md). Answers are the index
 * (0-3) of the option chosen, in printed order. Items 1, 2 and 4 score
 * 0-1-2-3 in that order; items 3 and 5-10 are reverse-scored (3-2-1-0).
 */
export const EPDS_ITEM_COUNT = 10;
export const EPDS_PROBABLE_DEPRESSION = 13;
export const EPDS_POSSIBLE_DEPRESSION = 10;
const FORWARD_SCORED_ITEMS = new Set([1, 2, 4]);

export interface EpdsScore {
  total: number;
  item10: number;
  itemScores: number[];
}

export function scoreEpds(answers: readonly number[]): EpdsScore {
  if (answers.length !== EPDS_ITEM_COUNT) {
    throw new RangeError(`EPDS needs ${EPDS_ITEM_COUNT} answers, got ${answers.length}`);
  }
  const itemScores = answers.map((answer, index) => {
    if (!Number.isInteger(answer) || answer < 0 || answer > 3) {
      throw new RangeError(`EPDS item ${index + 1} answer must be 0-3, got ${answer}`);
    }
    return FORWARD_SCORED_ITEMS.has(index + 1) ? answer : 3 - answer;
  });
  const total = itemScores.reduce((sum, score) => sum + score, 0);
  return { total, item10: itemScores[EPDS_ITEM_COUNT - 1] ?? 0, itemScores };
}

export type EpdsInterpretation = "self_harm_risk" | "probable_depression" | "possible_depression" | "below_threshold";

/** Item 10 above 0 outranks any total: it requires same-day follow-up. */
export function interpretEpds(total: number, item10: number): EpdsInterpretation {
  if (item10 > 0) return "self_harm_risk";
  if (total >= EPDS_PROBABLE_DEPRESSION) return "probable_depression";
  if (total >= EPDS_POSSIBLE_DEPRESSION) return "possible_depression";
  return "below_threshold";
}

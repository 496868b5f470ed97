import { describe, expect, it } from "vitest";
import { epdsShowsHelp, newEpdsDraft, validateEpds } from "./epds-draft";

describe("the client's EPDS", () => {
  it("lists the questions still unanswered, as printed (1 to 10)", () => {
    const draft = newEpdsDraft();
    draft[0] = 0;
    draft[4] = 2;
    expect(validateEpds(draft)).toEqual({ unanswered: [2, 3, 4, 6, 7, 8, 9, 10] });
  });

  it("sends the index of each answer chosen", () => {
    expect(validateEpds([0, 1, 2, 3, 0, 1, 2, 3, 0, 3])).toEqual({ answers: [0, 1, 2, 3, 0, 1, 2, 3, 0, 3] });
  });

  it("shows where to get help for any answer to question 10 but Never", () => {
    const draft = newEpdsDraft();
    expect(epdsShowsHelp(draft)).toBe(false);
    for (const [answer, help] of [
      [0, true],
      [1, true],
      [2, true],
      [3, false],
    ] as const) {
      draft[9] = answer;
      expect(epdsShowsHelp(draft)).toBe(help);
    }
  });
});

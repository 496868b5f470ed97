import { describe, expect, it } from "vitest";
import { checkEpds, epdsShowsHelp, newEpdsDraft } from "./epds-draft";

const ID = "6f1d3c1e-8f3a-4b7e-9a4c-2d5e6f7a8b9c";

describe("the client's EPDS", () => {
  it("names each question still unanswered, as printed (1 to 10), in the schema's words", () => {
    const draft = newEpdsDraft();
    draft[0] = 0;
    draft[4] = 2;
    const checked = checkEpds(draft, ID);
    expect(checked).toEqual({
      ok: false,
      problems: [2, 3, 4, 6, 7, 8, 9, 10].map((question) => [`answers.${question - 1}`, `Choose an answer to question ${question}`]),
    });
  });

  it("sends the index of each answer chosen", () => {
    expect(checkEpds([0, 1, 2, 3, 0, 1, 2, 3, 0, 3], ID)).toEqual({ ok: true, input: { id: ID, answers: [0, 1, 2, 3, 0, 1, 2, 3, 0, 3] } });
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

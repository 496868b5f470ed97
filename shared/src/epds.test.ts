import { describe, expect, it } from "vitest";
import { interpretEpds, scoreEpds } from "./epds.js";

describe("scoreEpds (answers are option indices in printed order)", () => {
  it("scores CONTRACT.md's example [0,0,3,0,3,3,3,3,3,3] as 0", () => {
    expect(scoreEpds([0, 0, 3, 0, 3, 3, 3, 3, 3, 3])).toMatchObject({ total: 0, item10: 0 });
  });
  it("scores the first option of every reverse-scored item 3", () => {
    const result = scoreEpds([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(result.itemScores).toEqual([0, 0, 3, 0, 3, 3, 3, 3, 3, 3]);
    expect(result.total).toBe(21);
    expect(result.item10).toBe(3);
  });
  it("scores items 1, 2 and 4 forward", () => {
    expect(scoreEpds([3, 3, 3, 3, 3, 3, 3, 3, 3, 3]).itemScores).toEqual([3, 3, 0, 3, 0, 0, 0, 0, 0, 0]);
  });
  it("reaches the maximum of 30", () => {
    expect(scoreEpds([3, 3, 0, 3, 0, 0, 0, 0, 0, 0]).total).toBe(30);
  });
  it("reads item 10's first option ('Yes, quite often') as 3", () => {
    expect(scoreEpds([0, 0, 3, 0, 3, 3, 3, 3, 3, 0]).item10).toBe(3);
  });
  it("refuses the wrong number of answers or an index off the scale", () => {
    expect(() => scoreEpds([0, 0, 0])).toThrow(RangeError);
    expect(() => scoreEpds([0, 0, 0, 0, 0, 0, 0, 0, 0, 4])).toThrow(/item 10/);
  });
});

describe("interpretEpds", () => {
  it("puts item 10 above 0 first, whatever the total", () => {
    expect(interpretEpds(2, 1)).toBe("self_harm_risk");
  });
  it("uses 13 for probable and 10 for possible depression", () => {
    expect(interpretEpds(13, 0)).toBe("probable_depression");
    expect(interpretEpds(12, 0)).toBe("possible_depression");
    expect(interpretEpds(10, 0)).toBe("possible_depression");
    expect(interpretEpds(9, 0)).toBe("below_threshold");
  });
});

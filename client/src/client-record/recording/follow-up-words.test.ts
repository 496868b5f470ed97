import { describe, expect, it } from "vitest";
import { defaultNextFollowUp } from "./follow-up-times";
import { followUpOutcomeWords } from "./labels";

// Local times: the suggestions are for the clinic's wall clock, whatever the zone.
const local = (year: number, month: number, day: number, hours = 0, minutes = 0) => new Date(year, month - 1, day, hours, minutes);

describe("the next follow-up suggested after an urgent alert is resolved", () => {
  it("is two days on at 10:00 on a weekday", () => {
    // Monday 30 Nov 2026, 16:40 -> Wednesday 2 Dec, 10:00.
    expect(defaultNextFollowUp(local(2026, 11, 30, 16, 40))).toEqual(local(2026, 12, 2, 10));
  });

  it("moves off the weekend to Monday", () => {
    // Thursday 3 Dec -> Saturday 5 Dec -> Monday 7 Dec; Friday 4 Dec -> Sunday 6 Dec -> Monday 7 Dec.
    expect(defaultNextFollowUp(local(2026, 12, 3, 9))).toEqual(local(2026, 12, 7, 10));
    expect(defaultNextFollowUp(local(2026, 12, 4, 23, 59))).toEqual(local(2026, 12, 7, 10));
  });

  it("keeps a Monday that the two days land on", () => {
    // Saturday 5 Dec -> Monday 7 Dec.
    expect(defaultNextFollowUp(local(2026, 12, 5, 11))).toEqual(local(2026, 12, 7, 10));
  });
});

describe("a completed follow-up in words", () => {
  it("says how a reached client was contacted", () => {
    expect(followUpOutcomeWords("reached", "phone")).toBe("Reached by phone");
    expect(followUpOutcomeWords("reached", "in_person")).toBe("Reached in person");
    expect(followUpOutcomeWords("reached", null)).toBe("Reached");
  });

  it("makes an attempt that did not reach the client plain: no answer, or a message left", () => {
    expect(followUpOutcomeWords("not_reached", "phone")).toBe("Tried to reach: no answer");
    expect(followUpOutcomeWords("not_reached", "message")).toBe("Tried to reach: message left");
    expect(followUpOutcomeWords("not_reached", null)).toBe("Tried to reach: not reached");
  });

  it("reads a follow-up recorded before outcomes existed as completed", () => {
    expect(followUpOutcomeWords(null, null)).toBe("Follow-up completed");
  });
});

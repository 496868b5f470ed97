import { describe, expect, it } from "vitest";
import { differentialPrompts } from "./prompts.js";

const kinds = (facts: Parameters<typeof differentialPrompts>[0]) => differentialPrompts(facts).map((prompt) => prompt.kind);

describe("differentialPrompts", () => {
  it("prompts about low mood between feeds from an EPDS total of 10, not 9", () => {
    expect(kinds({ latestEpdsTotal: 10, recentDurations: [] })).toEqual(["low_mood_between_feeds"]);
    expect(kinds({ latestEpdsTotal: 9, recentDurations: [] })).toEqual([]);
    expect(kinds({ latestEpdsTotal: null, recentDurations: [] })).toEqual([]);
  });
  it("prompts about BAR once an episode lasts more than 5 minutes, not exactly 5", () => {
    expect(kinds({ latestEpdsTotal: null, recentDurations: [300, null, 60] })).toEqual([]);
    const [prompt] = differentialPrompts({ latestEpdsTotal: null, recentDurations: [301, 900, 60] });
    expect(prompt?.kind).toBe("aversion_whole_latch");
    expect(prompt?.reason).toBe("2 episodes in the last 30 days lasted more than 5 minutes");
  });
  it("words each prompt as a consideration, never a diagnosis", () => {
    const prompts = differentialPrompts({ latestEpdsTotal: 14, recentDurations: [600] });
    expect(prompts.map((prompt) => prompt.message)).toEqual([
      "Low mood that lasts between feeds is not DMER: consider screening for postpartum depression or anxiety.",
      "An aversion that lasts the whole latch may be breastfeeding aversion response (BAR) rather than DMER.",
    ]);
  });
});

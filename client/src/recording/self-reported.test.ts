import { describe, expect, it } from "vitest";
import { listInWords, skippedDetails } from "./self-reported";

describe("a client's own report", () => {
  it("names every detail the client skipped, in the form's order", () => {
    const skipped = skippedDetails({ types: [], context: null, durationSeconds: null, impact: null, ratedAfterEducation: null });
    expect(listInWords(skipped)).toBe(
      "what they felt, the context, the duration, the impact on feeding and whether it was rated after learning about DMER",
    );
  });

  it("names nothing for an episode with every detail", () => {
    expect(
      skippedDetails({ types: ["anxiety"], context: "pumping", durationSeconds: 0, impact: "none", ratedAfterEducation: false }),
    ).toEqual([]);
  });

  it("names only what is missing", () => {
    expect(skippedDetails({ types: ["anger"], context: "nursing", durationSeconds: 60, impact: null, ratedAfterEducation: null })).toEqual([
      "the impact on feeding",
      "whether it was rated after learning about DMER",
    ]);
    expect(listInWords(["the duration"])).toBe("the duration");
  });
});

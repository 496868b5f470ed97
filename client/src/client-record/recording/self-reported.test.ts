import { describe, expect, it } from "vitest";
import { detailsToDemand, listInWords, skippedDetails, skippedFields } from "./self-reported";

const nothingGiven = { types: [], context: null, durationSeconds: null, impact: null, ratedAfterEducation: null };
const everythingGiven = { types: ["anxiety" as const], context: "pumping" as const, durationSeconds: 0, impact: "none" as const, ratedAfterEducation: false };

describe("a client's own report", () => {
  it("names every detail the client skipped, in the form's order", () => {
    expect(listInWords(skippedDetails(nothingGiven))).toBe(
      "what they felt, the context, the duration, the impact on feeding and whether it was rated after learning about DMER",
    );
    expect(skippedFields(nothingGiven)).toEqual(["types", "context", "durationSeconds", "impact", "ratedAfterEducation"]);
  });

  it("names nothing for an episode with every detail (a zero duration and a No are answers)", () => {
    expect(skippedDetails(everythingGiven)).toEqual([]);
  });

  it("names only what is missing", () => {
    expect(skippedDetails({ types: ["anger"], context: "nursing", durationSeconds: 60, impact: null, ratedAfterEducation: null })).toEqual([
      "the impact on feeding",
      "whether it was rated after learning about DMER",
    ]);
    expect(listInWords(["the duration"])).toBe("the duration");
  });
});

describe("what a correction must still have", () => {
  it("lets what the client skipped stay empty", () => {
    expect(detailsToDemand({ source: "client", ...nothingGiven }, nothingGiven)).toEqual([]);
  });

  it("demands an answer the client gave that the correction emptied, in the create's words", () => {
    const stored = { source: "client" as const, ...nothingGiven, types: ["anger" as const], durationSeconds: 90 };
    expect(detailsToDemand(stored, nothingGiven)).toEqual([
      ["types", "Choose at least one feeling"],
      ["durationSeconds", "Duration must be a number of seconds"],
    ]);
  });

  it("demands every empty detail of a consultant's episode, as the server does", () => {
    expect(detailsToDemand({ source: "consultant", ...everythingGiven }, { ...everythingGiven, impact: null, ratedAfterEducation: null })).toEqual([
      ["impact", "Choose the impact on feeding"],
      ["ratedAfterEducation", "Say whether this was rated after learning about DMER"],
    ]);
    expect(detailsToDemand({ source: "consultant", ...everythingGiven }, everythingGiven)).toEqual([]);
  });
});

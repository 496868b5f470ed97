import {
  bands,
  dysphoriaTypes,
  episodeContexts,
  feedingMethods,
  flags,
  impacts,
  interventionKinds,
  letDowns,
  outcomes,
  roles,
  trends,
  type EpdsInterpretation,
} from "@wave/shared";
import { describe, expect, it } from "vitest";
import {
  bandLabels,
  contextLabels,
  dysphoriaTypeLabels,
  epdsInterpretationLabels,
  feedingMethodLabels,
  flagLabels,
  impactLabels,
  interventionKindLabels,
  letDownLabels,
  outcomeLabels,
  roleLabels,
  trendLabels,
} from "./labels";

const epdsInterpretations: readonly EpdsInterpretation[] = ["self_harm_risk", "probable_depression", "possible_depression", "below_threshold"];

// Every wire value the server can send, with every table that names it: a
// value added to a shared enum without words here fails this test.
const tables: [string, readonly string[], Record<string, string>][] = [
  ["role", roles, roleLabels],
  ["band (long)", bands, bandLabels.long],
  ["band (short)", bands, bandLabels.short],
  ["trend", trends, trendLabels],
  ["flag", flags, flagLabels],
  ["dysphoria type", dysphoriaTypes, dysphoriaTypeLabels],
  ["context (long)", episodeContexts, contextLabels.long],
  ["context (short)", episodeContexts, contextLabels.short],
  ["let-down (long)", letDowns, letDownLabels.long],
  ["let-down (short)", letDowns, letDownLabels.short],
  ["impact (long)", impacts, impactLabels.long],
  ["impact (short)", impacts, impactLabels.short],
  ["feeding method", feedingMethods, feedingMethodLabels],
  ["intervention kind (long)", interventionKinds, interventionKindLabels.long],
  ["intervention kind (short)", interventionKinds, interventionKindLabels.short],
  ["outcome (long)", outcomes, outcomeLabels.long],
  ["outcome (short)", outcomes, outcomeLabels.short],
  ["EPDS interpretation (long)", epdsInterpretations, epdsInterpretationLabels.long],
  ["EPDS interpretation (short)", epdsInterpretations, epdsInterpretationLabels.short],
];

describe("labels", () => {
  it.each(tables)("name every %s value in words, and nothing else", (_name, values, labels) => {
    for (const value of values) expect(labels[value]?.trim(), value).toBeTruthy();
    expect(Object.keys(labels).sort()).toEqual([...values].sort());
  });

  it.each(tables)("never give two %s values the same words", (_name, values, labels) => {
    expect(new Set(values.map((value) => labels[value])).size).toBe(values.length);
  });
});

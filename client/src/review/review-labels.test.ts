import { describe, expect, it } from "vitest";
import { EPDS_INTERPRETATION_LABELS, formatChange, formatDuration } from "./review-labels";

describe("durations", () => {
  it("read as a clinician would say them", () => {
    expect(formatDuration(45)).toBe("45 s");
    expect(formatDuration(180)).toBe("3 min");
    expect(formatDuration(150)).toBe("2 min 30 s");
    expect(formatDuration(3900)).toBe("1 h 5 min");
    expect(formatDuration(7200)).toBe("2 h");
  });
});

describe("changes in mean intensity", () => {
  it("carry a sign, with a real minus, to one decimal", () => {
    expect(formatChange(1.24)).toBe("+1.2");
    expect(formatChange(-0.76)).toBe("\u22120.8");
    expect(formatChange(0.04)).toBe("0.0");
  });
});

describe("EPDS interpretations", () => {
  it("say DOMAIN.md's rules in words, self-harm risk first and unmistakable", () => {
    expect(EPDS_INTERPRETATION_LABELS.self_harm_risk).toBe("Item 10 above 0: same-day follow-up required");
    expect(EPDS_INTERPRETATION_LABELS.probable_depression).toBe("13 or more: probable depression, refer for assessment");
    expect(EPDS_INTERPRETATION_LABELS.possible_depression).toBe("10-12: possible depression");
    expect(EPDS_INTERPRETATION_LABELS.below_threshold).toBe("Below 10");
  });
});

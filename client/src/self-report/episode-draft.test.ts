import { SelfReportEpisode } from "@wave/shared";
import { describe, expect, it } from "vitest";
import { toLocalDateTimeInput } from "../recording/dates";
import { newDraft, validateEpisode, type EpisodeDraft } from "./episode-draft";

const ID = "6f1d3c1e-8f3a-4b7e-9a4c-2d5e6f7a8b9c";
const TAPPED = new Date("2026-01-10T03:12:30.000Z");

function draft(changes: Partial<EpisodeDraft>, when: EpisodeDraft["when"] = "now"): EpisodeDraft {
  return { ...newDraft(when, TAPPED), ...changes };
}

describe("the client's episode form", () => {
  it("sends the quickest report (tap, rate, No) with the tapped time and nothing the client skipped", () => {
    const result = validateEpisode(draft({ intensity: 7, selfHarmThoughts: false }), ID);
    expect(result).toEqual({ input: { id: ID, occurredAt: "2026-01-10T03:12:30.000Z", intensity: 7, selfHarmThoughts: false } });
    if ("input" in result) expect(SelfReportEpisode.safeParse(result.input).success).toBe(true);
  });

  it("maps the client's words onto the wire values", () => {
    const result = validateEpisode(
      draft({
        intensity: 4,
        selfHarmThoughts: true,
        types: ["anxiety", "anger"],
        context: "spontaneous",
        letDown: "later",
        duration: "2_to_5",
        impact: "avoiding_feeds",
        notes: "  felt it before the let-down  ",
      }),
      ID,
    );
    expect(result).toEqual({
      input: {
        id: ID,
        occurredAt: "2026-01-10T03:12:30.000Z",
        intensity: 4,
        selfHarmThoughts: true,
        types: ["anxiety", "anger"],
        context: "spontaneous",
        letDown: "later",
        durationSeconds: 180,
        impact: "avoiding_feeds",
        notes: "felt it before the let-down",
      },
    });
  });

  it.each([
    ["under_1", 30],
    ["1_to_2", 90],
    ["2_to_5", 180],
    ["longer", 600],
  ] as const)("turns %s into %i seconds", (duration, seconds) => {
    const result = validateEpisode(draft({ intensity: 2, selfHarmThoughts: false, duration }), ID);
    expect("input" in result && result.input.durationSeconds).toBe(seconds);
  });

  it("never assumes No: an unanswered self-harm question and intensity are refused, each beside its field", () => {
    expect(validateEpisode(draft({}), ID)).toEqual({
      errors: { intensity: "Choose how strong it felt, from 1 to 10", selfHarmThoughts: "Please answer Yes or No before saving" },
    });
  });

  it("asks for the time of an earlier one, and refuses one in the future", () => {
    expect(validateEpisode(draft({ intensity: 3, selfHarmThoughts: false }, "earlier"), ID)).toEqual({
      errors: { occurredAt: "Enter when it happened: a date and a time" },
    });
    const tomorrow = toLocalDateTimeInput(new Date(Date.now() + 24 * 3600 * 1000));
    expect(validateEpisode(draft({ intensity: 3, selfHarmThoughts: false, earlierLocal: tomorrow }, "earlier"), ID)).toEqual({
      errors: { occurredAt: "When it happened cannot be in the future" },
    });
  });

  it("sends an earlier one at the local time typed", () => {
    const yesterday = new Date(Date.now() - 24 * 3600 * 1000);
    yesterday.setSeconds(0, 0);
    const result = validateEpisode(draft({ intensity: 5, selfHarmThoughts: false, earlierLocal: toLocalDateTimeInput(yesterday) }, "earlier"), ID);
    expect("input" in result && result.input.occurredAt).toBe(yesterday.toISOString());
  });

  it("names Anything else when the notes are too long", () => {
    const result = validateEpisode(draft({ intensity: 5, selfHarmThoughts: false, notes: "x".repeat(2001) }), ID);
    expect(result).toEqual({ errors: { notes: "Anything else must be 2,000 characters or fewer" } });
  });
});

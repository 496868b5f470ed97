import { SelfReportEpisode, setClockSource } from "@wave/shared";
import { describe, expect, it } from "vitest";
import { toLocalDateTimeInput } from "../ui/form/date-inputs";
import { newDraft, checkEpisode, type EpisodeDraft } from "./episode-draft";

const ID = "6f1d3c1e-8f3a-4b7e-9a4c-2d5e6f7a8b9c";
const TAPPED = new Date("2026-01-10T03:12:30.000Z");

function draft(changes: Partial<EpisodeDraft>, when: EpisodeDraft["when"] = "now"): EpisodeDraft {
  return { ...newDraft(when, TAPPED), ...changes };
}

describe("the client's episode form", () => {
  it("sends the quickest report (tap, rate, No) with the tapped time and nothing the client skipped", () => {
    const result = checkEpisode(draft({ intensity: 7, selfHarmThoughts: false }), ID);
    expect(result).toEqual({ ok: true, input: { id: ID, occurredAt: "2026-01-10T03:12:30.000Z", intensity: 7, selfHarmThoughts: false } });
    if (result.ok) expect(SelfReportEpisode.safeParse(result.input).success).toBe(true);
  });

  it("maps the client's words onto the wire values", () => {
    const result = checkEpisode(
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
      ok: true,
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
    const result = checkEpisode(draft({ intensity: 2, selfHarmThoughts: false, duration }), ID);
    expect(result.ok && result.input.durationSeconds).toBe(seconds);
  });

  it("never assumes No: an unanswered self-harm question and intensity are refused, each beside its field", () => {
    expect(checkEpisode(draft({}), ID)).toEqual({
      ok: false,
      problems: [
        ["intensity", "Choose how strong it felt, from 1 to 10"],
        ["selfHarmThoughts", "Please answer Yes or No before saving"],
      ],
    });
  });

  it("asks for the time of an earlier one, and refuses one in the future of the rules' clock", () => {
    expect(checkEpisode(draft({ intensity: 3, selfHarmThoughts: false }, "earlier"), ID)).toEqual({
      ok: false,
      problems: [["occurredAt", "Enter when it happened: a date and a time"]],
    });
    // The schema reads "now" from the shared clock: here, the moment the button was tapped.
    const restore = setClockSource(() => TAPPED);
    try {
      const nextDay = toLocalDateTimeInput(new Date(TAPPED.getTime() + 24 * 3600 * 1000));
      expect(checkEpisode(draft({ intensity: 3, selfHarmThoughts: false, earlierLocal: nextDay }, "earlier"), ID)).toEqual({
        ok: false,
        problems: [["occurredAt", "When it happened cannot be in the future"]],
      });
      const hourBefore = toLocalDateTimeInput(new Date(TAPPED.getTime() - 3600 * 1000));
      expect(checkEpisode(draft({ intensity: 3, selfHarmThoughts: false, earlierLocal: hourBefore }, "earlier"), ID).ok).toBe(true);
    } finally {
      restore();
    }
  });

  it("sends an earlier one at the local time typed", () => {
    const yesterday = new Date(Date.now() - 24 * 3600 * 1000);
    yesterday.setSeconds(0, 0);
    const result = checkEpisode(draft({ intensity: 5, selfHarmThoughts: false, earlierLocal: toLocalDateTimeInput(yesterday) }, "earlier"), ID);
    expect(result.ok && result.input.occurredAt).toBe(yesterday.toISOString());
  });

  it("names Anything else when the notes are too long", () => {
    const result = checkEpisode(draft({ intensity: 5, selfHarmThoughts: false, notes: "x".repeat(2001) }), ID);
    expect(result).toEqual({ ok: false, problems: [["notes", "Anything else must be 2,000 characters or fewer"]] });
  });
});

import { describe, expect, it } from "vitest";
import { buildTimeline, followUpStatus } from "./timeline-items";
import type { FollowUpRecord, NoteRecord } from "./review-types";

const NOW = Date.parse("2026-03-10T12:00:00Z");

const note = (id: string, createdAt: string): NoteRecord => ({ id, body: `note ${id}`, authorName: "Emily", createdAt });
const followUp = (id: string, dueAt: string, completedAt: string | null = null): FollowUpRecord => ({
  id,
  dueAt,
  completedAt,
  completedByName: completedAt ? "Emily" : null,
  outcome: completedAt ? "reached" : null,
  contact: completedAt ? "phone" : null,
  notes: completedAt ? "Talked it through" : null,
  resolvedAlerts: 0,
});

describe("follow-up status", () => {
  it("is overdue once an open follow-up's due time has passed, and completed once recorded", () => {
    expect(followUpStatus(followUp("a", "2026-03-09T09:00:00Z"), NOW)).toBe("overdue");
    expect(followUpStatus(followUp("b", "2026-03-12T09:00:00Z"), NOW)).toBe("open");
    expect(followUpStatus(followUp("c", "2026-03-01T09:00:00Z", "2026-03-01T10:00:00Z"), NOW)).toBe("completed");
  });
});

describe("timeline", () => {
  it("merges notes and follow-ups newest first, an upcoming follow-up at the top", () => {
    const items = buildTimeline(
      [note("n1", "2026-03-02T08:00:00Z"), note("n2", "2026-03-08T08:00:00Z")],
      [
        followUp("upcoming", "2026-03-14T09:00:00Z"),
        followUp("done", "2026-03-01T09:00:00Z", "2026-03-05T10:00:00Z"),
        followUp("late", "2026-03-09T09:00:00Z"),
      ],
      NOW,
    );
    expect(items.map((item) => item.key)).toEqual([
      "follow-up-upcoming",
      "follow-up-late",
      "note-n2",
      "follow-up-done",
      "note-n1",
    ]);
    expect(items.filter((item) => item.type === "follow-up").map((item) => item.status)).toEqual([
      "open",
      "overdue",
      "completed",
    ]);
  });

  it("places a completed follow-up when it happened, not when it was due", () => {
    const [item] = buildTimeline([], [followUp("done", "2026-02-01T09:00:00Z", "2026-03-05T10:00:00Z")], NOW);
    expect(item?.at).toBe("2026-03-05T10:00:00Z");
  });
});

import type { FollowUpRecord, NoteRecord } from "./review-types";

export type FollowUpStatus = "completed" | "open" | "overdue";

export type TimelineItem =
  | { type: "note"; key: string; at: string; note: NoteRecord }
  | { type: "follow-up"; key: string; at: string; status: FollowUpStatus; followUp: FollowUpRecord };

/** Completed follow-ups are placed when they happened; open ones when they are due. */
export function followUpStatus(followUp: FollowUpRecord, now: number): FollowUpStatus {
  if (followUp.completedAt) return "completed";
  return Date.parse(followUp.dueAt) < now ? "overdue" : "open";
}

/**
 * Notes and follow-ups as one story, newest first. An upcoming follow-up
 * lies in the future, so it heads the list: the next thing to happen.
 */
export function buildTimeline(notes: readonly NoteRecord[], followUps: readonly FollowUpRecord[], now: number): TimelineItem[] {
  const items: TimelineItem[] = [
    ...notes.map((note): TimelineItem => ({ type: "note", key: `note-${note.id}`, at: note.createdAt, note })),
    ...followUps.map(
      (followUp): TimelineItem => ({
        type: "follow-up",
        key: `follow-up-${followUp.id}`,
        at: followUp.completedAt ?? followUp.dueAt,
        status: followUpStatus(followUp, now),
        followUp,
      }),
    ),
  ];
  return items.sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || a.key.localeCompare(b.key));
}

import { z } from "zod";

// The live event stream (GET /events, docs/decisions/0014-live-updates.md):
// which kind of record changed for which client, never what it says. A screen
// that shows the client, or any list, refetches through the API, which
// applies every access rule as usual.

/** The tables whose writes reach open screens; each event names one. */
export const LIVE_CHANGE_KINDS = [
  "clients",
  "episodes",
  "interventions",
  "intervention_outcomes",
  "screenings",
  "follow_ups",
  "notes",
  "safety_alerts",
] as const;
export const LiveChangeKind = z.enum(LIVE_CHANGE_KINDS);
export type LiveChangeKind = z.infer<typeof LiveChangeKind>;

/** The data of an `event: change` message. */
export const LiveChange = z.strictObject({ kind: LiveChangeKind, clientId: z.uuid() });
export type LiveChange = z.infer<typeof LiveChange>;

import type { RouterOutputs } from "../../app/trpc";

// The review page's records, as the server's router says they are (never declared twice).
export type ClientRecord = RouterOutputs["clients"]["byId"];
export type EpisodeRecord = RouterOutputs["episodes"]["list"][number];
export type InterventionRecord = RouterOutputs["interventions"]["list"][number];
export type InterventionWindow = InterventionRecord["before"];
export type OutcomeRecord = InterventionRecord["outcomes"][number];
export type ScreeningRecord = RouterOutputs["screenings"]["list"][number];
export type FollowUpRecord = RouterOutputs["followUps"]["list"][number];
export type NoteRecord = RouterOutputs["notes"]["list"][number];
export type ClientTrend = RouterOutputs["analytics"]["clientTrend"];
export type TrendBucket = ClientTrend["bucket"];
export type InterventionKind = InterventionRecord["kind"];
export type SelfReportLinksRecord = RouterOutputs["selfReport"]["listLinks"];
export type SelfReportLinkRecord = SelfReportLinksRecord["rows"][number];
export type SelfReportLinkCreatedRecord = RouterOutputs["selfReport"]["createLink"];

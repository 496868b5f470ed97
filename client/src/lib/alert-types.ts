import type { RouterInputs, RouterOutputs } from "../app/trpc";

// Safety alerts as the server's router types them; nothing re-declared.

export type SafetyAlert = RouterOutputs["alerts"]["list"]["rows"][number];
export type AlertListInput = RouterInputs["alerts"]["list"];
/** The open alerts a client's self_harm flag rests on (caseload rows and the client page). */
export type AlertRef = RouterOutputs["caseload"]["list"]["rows"][number]["flagDetails"][number]["alerts"][number];

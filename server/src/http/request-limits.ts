// Bounds on one /trpc request, enforced by tRPC's adapter before any procedure
// runs: the body is counted while it is read (413 PAYLOAD_TOO_LARGE once past
// the bound, never parsed), and a batch longer than this is a 400.

/** 256 kB: the largest real input (a 10,000-character note) is far below it. */
export const MAX_BODY_BYTES = 256 * 1024;

/** Calls per batch; the client's batch link must send no more (httpBatchLink maxItems). */
export const MAX_BATCH_CALLS = 10;

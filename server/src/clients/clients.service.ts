import { TRPCError } from "@trpc/server";
import type { Kysely } from "kysely";
import { withActor, type Actor, type Database } from "@wave/db";
import type { ClientProfile } from "@wave/shared";
import { appendAudit } from "../audit/audit.repository.js";
import { listClientSummaryFacts } from "../caseload/caseload.repository.js";
import { toCaseloadRow } from "../caseload/caseload-row.js";
import { CLIENT_NOT_FOUND } from "./client-access.js";
import { findClientProfile } from "./clients.repository.js";

/** One client's profile with the same summary and flags the caseload shows; the read is audited. */
export async function getClientById(db: Kysely<Database>, actor: Actor, clientId: string, now: Date): Promise<ClientProfile> {
  return withActor(db, actor, async (tx) => {
    const profile = await findClientProfile(tx, clientId);
    const [facts] = await listClientSummaryFacts(tx, { now, clientId, includeDischarged: true });
    if (!profile || !facts) throw new TRPCError({ code: "NOT_FOUND", message: CLIENT_NOT_FOUND });
    await appendAudit(tx, {
      practiceId: actor.practiceId,
      actorId: actor.userId,
      action: "client.read",
      entity: "client",
      entityId: clientId,
    });
    return {
      ...profile,
      nextFollowUpAt: profile.nextFollowUpAt?.toISOString() ?? null,
      summary: toCaseloadRow(facts, now),
    };
  });
}

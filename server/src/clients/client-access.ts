import { TRPCError } from "@trpc/server";
import type { Kysely } from "kysely";
import { withActor, type Actor, type Database } from "@wave/db";
import { recordAudit } from "../audit/audit.repository.js";
import { findClientAccessRecord, type ClientAccessRecord } from "./clients.repository.js";

export const CLIENT_NOT_FOUND = "No client with that id in your caseload.";

/**
 * The procedure-level half of "enforced twice": decided in TypeScript from
 * the client's practice and consultant, so it holds even if a row-level
 * policy were wrong. Invisible and missing clients answer the same NOT_FOUND.
 */
export function canAccessClient(actor: Actor, client: ClientAccessRecord): boolean {
  if (client.practiceId !== actor.practiceId) return false;
  return actor.role === "lead" || client.primaryConsultantId === actor.userId;
}

/** The client, if the actor may see it; otherwise NOT_FOUND, audited (clientProcedure in procedures.ts). */
export async function requireClient(db: Kysely<Database>, actor: Actor, clientId: string): Promise<ClientAccessRecord> {
  const client = await withActor(db, actor, (tx) => findClientAccessRecord(tx, { practiceId: actor.practiceId, clientId }));
  if (!client || !canAccessClient(actor, client)) {
    // A probe for someone else's client leaves a trace in the caller's own
    // practice, in a transaction (or, on a server, a block of the request's
    // one) of its own: the refusal rolls nothing back
    // (docs/decisions/0034-one-transaction-per-request.md).
    await withActor(db, actor, (tx) =>
      recordAudit(tx, actor, { action: "access.denied", entity: "client", entityId: clientId }),
    );
    throw new TRPCError({ code: "NOT_FOUND", message: CLIENT_NOT_FOUND });
  }
  return client;
}

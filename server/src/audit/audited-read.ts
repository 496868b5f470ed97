import type { Kysely } from "kysely";
import { withActor, type Actor, type Database, type Tx } from "@wave/db";
import { recordAudit } from "./audit.repository.js";

/**
 * Reads a list from one client's record and audits the read in the same
 * transaction: which client, by whom, how many rows (never their content).
 */
export function auditedClientRead<T>(
  db: Kysely<Database>,
  actor: Actor,
  read: { clientId: string; action: string },
  load: (tx: Tx) => Promise<T[]>,
): Promise<T[]> {
  return withActor(db, actor, async (tx) => {
    const rows = await load(tx);
    await recordAudit(tx, actor, {
      action: read.action,
      entity: "client",
      entityId: read.clientId,
      details: { returned: rows.length },
    });
    return rows;
  });
}

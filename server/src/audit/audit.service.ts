import type { Kysely } from "kysely";
import { withActor, type Actor, type Database } from "@wave/db";
import { listAuditEntries } from "./audit-list.repository.js";

const DAY_MS = 24 * 60 * 60 * 1000;

export async function listAudit(
  db: Kysely<Database>,
  actor: Actor,
  input: {
    userId?: string | undefined;
    clientId?: string | undefined;
    action?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    page: number;
    pageSize: number;
  },
) {
  return withActor(db, actor, async (tx) => {
    const result = await listAuditEntries(tx, {
      userId: input.userId,
      clientId: input.clientId,
      action: input.action,
      from: input.from ? new Date(`${input.from}T00:00:00Z`) : undefined,
      to: input.to ? new Date(Date.parse(`${input.to}T00:00:00Z`) + DAY_MS) : undefined,
      limit: input.pageSize,
      offset: (input.page - 1) * input.pageSize,
    });
    return { ...result, page: input.page, pageSize: input.pageSize };
  });
}

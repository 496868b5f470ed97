import { sql } from "kysely";
import type { Tx } from "@wave/db";
import type { SelfReportLink } from "@wave/shared";

// Links and EPDS requests. Staff reach them through the client they hang off;
// the link holder reaches its own link by the token's hash, and then only its
// client's open EPDS request (migration 2026-12-01T0004). The token's hash
// names its practice first (self_report_link_tokens, migration
// 2026-12-01T0008), so every statement on a link names the practice too.

function selectLinks(tx: Tx) {
  return tx
    .selectFrom("self_report_links as l")
    .innerJoin("users as creator", (join) =>
      join.onRef("creator.practice_id", "=", "l.practice_id").onRef("creator.id", "=", "l.created_by"),
    )
    .select((eb) => [
      "l.id",
      "l.client_id",
      "l.created_at",
      "creator.name as created_by_name",
      "l.expires_at",
      "l.revoked_at",
      "l.last_used_at",
      eb
        .selectFrom("episodes as e")
        .select(eb.fn.countAll<number>().as("count"))
        .whereRef("e.practice_id", "=", "l.practice_id")
        .whereRef("e.self_report_link_id", "=", "l.id")
        .as("episodes_received"),
    ]);
}

type LinkRow = Awaited<ReturnType<ReturnType<typeof selectLinks>["executeTakeFirstOrThrow"]>>;

/** A link as staff see it; its status is decided against the server's clock. */
function toLink(row: LinkRow, now: Date): SelfReportLink {
  const status = row.revoked_at ? "revoked" : row.expires_at.getTime() <= now.getTime() ? "expired" : "active";
  return {
    linkId: row.id,
    clientId: row.client_id,
    status,
    createdAt: row.created_at.toISOString(),
    createdByName: row.created_by_name,
    expiresAt: row.expires_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    episodesReceived: Number(row.episodes_received ?? 0),
  };
}

/** The link and its token's row, which must come first (the link points at it). */
export async function insertLink(
  tx: Tx,
  link: { practiceId: string; clientId: string; tokenHash: string; createdBy: string; createdAt: Date; expiresAt: Date },
): Promise<string> {
  await tx.insertInto("self_report_link_tokens").values({ token_hash: link.tokenHash, practice_id: link.practiceId }).execute();
  const row = await tx
    .insertInto("self_report_links")
    .values({
      practice_id: link.practiceId,
      client_id: link.clientId,
      token_hash: link.tokenHash,
      created_by: link.createdBy,
      created_at: link.createdAt,
      expires_at: link.expiresAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The client's links, newest first. */
export async function listLinks(tx: Tx, clientId: string, now: Date): Promise<SelfReportLink[]> {
  const rows = await selectLinks(tx).where("l.client_id", "=", clientId).orderBy("l.created_at", "desc").orderBy("l.id").execute();
  return rows.map((row) => toLink(row, now));
}

export async function findLink(tx: Tx, linkId: string, now: Date): Promise<SelfReportLink | undefined> {
  const row = await selectLinks(tx).where("l.id", "=", linkId).executeTakeFirst();
  return row ? toLink(row, now) : undefined;
}

/** Revokes once: revoking a revoked link keeps who revoked it first, and when. */
export async function revokeLink(tx: Tx, linkId: string, revokedBy: string, at: Date): Promise<boolean> {
  const result = await tx
    .updateTable("self_report_links")
    .set({ revoked_at: at, revoked_by: revokedBy })
    .where("id", "=", linkId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Opens a request unless the client has one open already (the partial unique index decides). True when opened. */
export async function openEpdsRequest(tx: Tx, request: { practiceId: string; clientId: string; requestedBy: string; at: Date }): Promise<boolean> {
  const result = await tx
    .insertInto("epds_requests")
    .values({ practice_id: request.practiceId, client_id: request.clientId, requested_by: request.requestedBy, requested_at: request.at })
    .onConflict((conflict) => conflict.columns(["practice_id", "client_id"]).where("fulfilled_at", "is", null).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** The client's open request, with who asked: for staff. */
export async function findOpenEpdsRequest(tx: Tx, clientId: string): Promise<{ requestedAt: string; requestedByName: string } | null> {
  const row = await tx
    .selectFrom("epds_requests as r")
    .innerJoin("users as u", (join) => join.onRef("u.practice_id", "=", "r.practice_id").onRef("u.id", "=", "r.requested_by"))
    .select(["r.requested_at", "u.name"])
    .where("r.client_id", "=", clientId)
    .where("r.fulfilled_at", "is", null)
    .executeTakeFirst();
  return row ? { requestedAt: row.requested_at.toISOString(), requestedByName: row.name } : null;
}

// ---------- the link holder ----------

export interface HeldLink {
  id: string;
  practiceId: string;
  clientId: string;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** The practice of the link whose token hashes to `tokenHash`: what a bare token reaches first. */
export async function findLinkTokenPractice(tx: Tx, tokenHash: string): Promise<string | undefined> {
  const row = await tx.selectFrom("self_report_link_tokens").select("practice_id").where("token_hash", "=", tokenHash).executeTakeFirst();
  return row?.practice_id;
}

/** The link whose token hashes to `tokenHash`, in the practice its token names. */
export async function findLinkByTokenHash(tx: Tx, { practiceId, tokenHash }: { practiceId: string; tokenHash: string }): Promise<HeldLink | undefined> {
  const row = await tx
    .selectFrom("self_report_links")
    .select(["id", "practice_id", "client_id", "expires_at", "revoked_at"])
    .where("practice_id", "=", practiceId)
    .where("token_hash", "=", tokenHash)
    .executeTakeFirst();
  return row
    ? { id: row.id, practiceId: row.practice_id, clientId: row.client_id, expiresAt: row.expires_at, revokedAt: row.revoked_at }
    : undefined;
}

export async function touchLink(tx: Tx, link: { practiceId: string; linkId: string }, at: Date): Promise<void> {
  await tx
    .updateTable("self_report_links")
    .set({ last_used_at: at })
    .where("practice_id", "=", link.practiceId)
    .where("id", "=", link.linkId)
    .execute();
}

/**
 * The link's client's birth date, for the plausibility rule, through the one
 * function that may look at the clients table for a link holder; undefined
 * if it cannot (its owner does not bypass row-level security).
 */
export async function findLinkClientBirthDate(tx: Tx): Promise<string | undefined> {
  const result = await sql<{ baby_birth_date: string }>`select baby_birth_date from wave_link_client()`.execute(tx);
  return result.rows[0]?.baby_birth_date;
}

/** The id of the client's open EPDS request, if there is one (what a link holder may know of it). */
export async function findOpenEpdsRequestId(tx: Tx, { practiceId, clientId }: { practiceId: string; clientId: string }): Promise<string | undefined> {
  const row = await tx
    .selectFrom("epds_requests")
    .select("id")
    .where("practice_id", "=", practiceId)
    .where("client_id", "=", clientId)
    .where("fulfilled_at", "is", null)
    .executeTakeFirst();
  return row?.id;
}

/** Marks the request answered by `screeningId`; false when it was answered meanwhile. */
export async function fulfilEpdsRequest(tx: Tx, requestId: string, screeningId: string, at: Date): Promise<boolean> {
  const result = await tx
    .updateTable("epds_requests")
    .set({ fulfilled_at: at, screening_id: screeningId })
    .where("id", "=", requestId)
    .where("fulfilled_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

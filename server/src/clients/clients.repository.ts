import { sql } from "kysely";
import type { Tx } from "@wave/db";

/**
 * A client as its key names it: practice_id is part of every key, and each
 * statement names it so that, distributed by practice_id on Citus, it is
 * routed to the practice's one shard (docs/scaling.md). Row-level security
 * still filters the same rows, as the second wall.
 */
export interface ClientKey {
  practiceId: string;
  clientId: string;
}

export interface ClientAccessRecord {
  clientId: string;
  practiceId: string;
  primaryConsultantId: string;
}

/** The fields an access decision needs; undefined when the client is not visible. */
export async function findClientAccessRecord(tx: Tx, { practiceId, clientId }: ClientKey): Promise<ClientAccessRecord | undefined> {
  const row = await tx
    .selectFrom("clients")
    .select(["id", "practice_id", "primary_consultant_id"])
    .where("practice_id", "=", practiceId)
    .where("id", "=", clientId)
    .executeTakeFirst();
  return row ? { clientId: row.id, practiceId: row.practice_id, primaryConsultantId: row.primary_consultant_id } : undefined;
}

export interface ClientProfileRecord {
  clientId: string;
  displayName: string;
  babyBirthDate: string;
  feedingMethod: "nursing" | "pumping" | "both";
  consideringWeaning: boolean;
  primaryConsultantId: string;
  consultantName: string;
  status: "active" | "discharged";
  nextFollowUpAt: Date | null;
  version: number;
}

export async function findClientProfile(tx: Tx, { practiceId, clientId }: ClientKey): Promise<ClientProfileRecord | undefined> {
  const row = await tx
    .selectFrom("clients")
    .innerJoin("users", (join) =>
      join.onRef("users.practice_id", "=", "clients.practice_id").onRef("users.id", "=", "clients.primary_consultant_id"),
    )
    .select([
      "clients.id",
      "clients.display_name",
      "clients.baby_birth_date",
      "clients.feeding_method",
      "clients.considering_weaning",
      "clients.primary_consultant_id",
      "users.name as consultant_name",
      "clients.status",
      "clients.next_follow_up_at",
      "clients.version",
    ])
    .where("clients.practice_id", "=", practiceId)
    .where("clients.id", "=", clientId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    clientId: row.id,
    displayName: row.display_name,
    babyBirthDate: row.baby_birth_date,
    feedingMethod: row.feeding_method,
    consideringWeaning: row.considering_weaning,
    primaryConsultantId: row.primary_consultant_id,
    consultantName: row.consultant_name,
    status: row.status,
    nextFollowUpAt: row.next_follow_up_at,
    version: row.version,
  };
}

export interface ClientChanges {
  display_name: string;
  baby_birth_date: string;
  feeding_method: "nursing" | "pumping" | "both";
  considering_weaning: boolean;
  primary_consultant_id: string;
}

export async function insertClientIfAbsent(
  tx: Tx,
  client: ClientChanges & { practice_id: string; id: string },
): Promise<boolean> {
  const result = await tx
    .insertInto("clients")
    .values(client)
    .onConflict((conflict) => conflict.columns(["practice_id", "id"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Applies changes only if the client is still at `version`; returns whether it was. */
export async function updateClientAtVersion(tx: Tx, clientId: string, version: number, changes: ClientChanges): Promise<boolean> {
  const result = await tx
    .updateTable("clients")
    .set({ ...changes, version: version + 1, updated_at: new Date() })
    .where("id", "=", clientId)
    .where("version", "=", version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** An active consultant of the caller's practice, or undefined. */
export async function findActiveConsultant(tx: Tx, userId: string): Promise<{ id: string } | undefined> {
  return tx
    .selectFrom("users")
    .select("id")
    .where("id", "=", userId)
    .where("role", "=", "consultant")
    .where("deactivated_at", "is", null)
    .executeTakeFirst();
}

export interface SinceLastVisitFacts {
  lastVisitAt: Date | null;
  episodes: number;
  meanThen: number | null;
  meanNow: number | null;
  outcomesRecorded: number;
}

/**
 * What changed since the last follow-up that reached the client: episodes and their mean
 * against the mean of the 14 days before that visit, and outcomes recorded. One
 * statement: each part depends on the visit, which it reads first.
 */
export async function findSinceLastVisitFacts(tx: Tx, { practiceId, clientId }: ClientKey): Promise<SinceLastVisitFacts> {
  const { rows } = await sql<{
    last_visit_at: Date | null;
    count_now: number;
    mean_now: string | null;
    mean_then: string | null;
    outcomes: number;
  }>`
    with last_visit as (
      -- A call that did not reach the client was an attempt, not a visit.
      select max(completed_at) as at from follow_ups
       where practice_id = ${practiceId} and client_id = ${clientId} and outcome = 'reached'
    )
    select v.at as last_visit_at, e.count_now, e.mean_now, e.mean_then, o.outcomes
      from last_visit v
      cross join lateral (
        -- Before any visit every episode is new. The window before the visit is
        -- 336 hours, not '14 days': a day added to a timestamptz moves by the
        -- session's calendar, and across a daylight-saving change by 23 or 25 hours.
        select count(*) filter (where occurred_at > coalesce(v.at, to_timestamp(0)))::int as count_now,
               avg(intensity) filter (where occurred_at > coalesce(v.at, to_timestamp(0))) as mean_now,
               avg(intensity) filter (where occurred_at > v.at - interval '336 hours' and occurred_at <= v.at) as mean_then
          from episodes
         where practice_id = ${practiceId} and client_id = ${clientId}
      ) e
      cross join lateral (
        select count(*)::int as outcomes
          from intervention_outcomes io
          join interventions i on i.practice_id = io.practice_id and i.id = io.intervention_id
         where i.practice_id = ${practiceId} and i.client_id = ${clientId}
           and io.created_at > coalesce(v.at, to_timestamp(0))
      ) o
  `.execute(tx);
  const row = rows[0];
  if (!row) throw new Error("the since-last-visit statement returned no row");
  const round = (value: string | null) => (value === null ? null : Math.round(Number(value) * 10) / 10);
  return {
    lastVisitAt: row.last_visit_at,
    episodes: row.count_now,
    meanNow: round(row.mean_now),
    meanThen: round(row.mean_then),
    outcomesRecorded: row.outcomes,
  };
}

/** Moves the client; bumps the version so an edit opened before the move conflicts. */
export async function reassignClient(tx: Tx, clientId: string, consultantId: string): Promise<void> {
  await tx
    .updateTable("clients")
    .set((eb) => ({ primary_consultant_id: consultantId, version: eb("version", "+", 1), updated_at: new Date() }))
    .where("id", "=", clientId)
    .execute();
}

/** Durations of the client's episodes since `since`, for the differential prompts. */
export async function listEpisodeDurationsSince(tx: Tx, { practiceId, clientId }: ClientKey, since: Date): Promise<(number | null)[]> {
  const rows = await tx
    .selectFrom("episodes")
    .select("duration_seconds")
    .where("practice_id", "=", practiceId)
    .where("client_id", "=", clientId)
    .where("occurred_at", ">", since)
    .execute();
  return rows.map((row) => row.duration_seconds);
}

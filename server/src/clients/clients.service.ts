import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import type { Kysely } from "kysely";
import { withActor, type Actor, type Database, type Tx } from "@wave/db";
import {
  differentialPrompts,
  PROMPT_WINDOW_DAYS,
  type ClientCreateInput,
  type ClientRecord,
  type ClientUpdateInput,
} from "@wave/shared";
import { recordAudit } from "../audit/audit.repository.js";
import { listClientSummaryFacts } from "../caseload/caseload.repository.js";
import { toCaseloadRow } from "../caseload/caseload-row.js";
import { conflictError, fieldError, notFound, replayConflict } from "../errors.js";
import { sameContent } from "../idempotency.js";
import { changedFields } from "../audit/changed-fields.js";
import { CLIENT_NOT_FOUND } from "./client-access.js";
import {
  findActiveConsultant,
  findClientProfile,
  findSinceLastVisitFacts,
  insertClientIfAbsent,
  listEpisodeDurationsSince,
  reassignClient,
  updateClientAtVersion,
  type ClientChanges,
} from "./clients.repository.js";

/** The client page's record: profile, the caseload summary and flags, and what changed since the last visit. */
async function loadClientRecord(tx: Tx, actor: Actor, clientId: string, now: Date): Promise<ClientRecord> {
  const key = { practiceId: actor.practiceId, clientId };
  const profile = await findClientProfile(tx, key);
  const [facts] = await listClientSummaryFacts(tx, { practiceId: actor.practiceId, now, clientId, includeDischarged: true });
  if (!profile || !facts) throw notFound(CLIENT_NOT_FOUND);
  const summary = toCaseloadRow(facts, now);
  const since = await findSinceLastVisitFacts(tx, key);
  const lastVisit = since.lastVisitAt?.getTime() ?? null;
  const recentDurations = await listEpisodeDurationsSince(
    tx,
    key,
    new Date(now.getTime() - PROMPT_WINDOW_DAYS * 24 * 60 * 60 * 1000),
  );
  return {
    ...profile,
    nextFollowUpAt: profile.nextFollowUpAt?.toISOString() ?? null,
    summary,
    sinceLastVisit: {
      lastVisitAt: since.lastVisitAt?.toISOString() ?? null,
      episodes: since.episodes,
      meanThen: since.meanThen,
      meanNow: since.meanNow,
      newFlags: summary.flagDetails.filter(
        (flag) => lastVisit === null || (flag.since !== null && Date.parse(flag.since) > lastVisit),
      ),
      outcomesRecorded: since.outcomesRecorded,
    },
    prompts: differentialPrompts({ latestEpdsTotal: facts.latestEpdsTotal, recentDurations }),
  };
}

/** The profile part of a record, as a conflict carries it and the audit compares it. */
function profileOf(record: ClientRecord): Omit<ClientRecord, "summary" | "sinceLastVisit" | "prompts"> {
  const { summary: _summary, sinceLastVisit: _since, prompts: _prompts, ...profile } = record;
  return profile;
}

/** One client's record; the read is audited. */
export async function getClientById(db: Kysely<Database>, actor: Actor, clientId: string, now: Date): Promise<ClientRecord> {
  return withActor(db, actor, async (tx) => {
    const record = await loadClientRecord(tx, actor, clientId, now);
    await recordAudit(tx, actor, {
      action: "client.read",
      entity: "client",
      entityId: clientId,
    });
    return record;
  });
}

/**
 * A consultant's clients are their own; only a lead may name another
 * consultant, who must be an active consultant of the practice.
 */
async function resolveConsultant(tx: Tx, actor: Actor, requested: string | undefined): Promise<string> {
  if (actor.role === "consultant") {
    if (requested !== undefined && requested !== actor.userId) {
      throw new TRPCError({ code: "FORBIDDEN", message: "Only a practice lead can assign a client to another consultant." });
    }
    return actor.userId;
  }
  if (requested === undefined) {
    throw fieldError("primaryConsultantId", "Choose the consultant for this client");
  }
  const consultant = await findActiveConsultant(tx, requested);
  if (!consultant) {
    throw fieldError("primaryConsultantId", "Choose an active consultant of your practice");
  }
  return consultant.id;
}

function toColumns(input: Omit<ClientCreateInput, "id" | "primaryConsultantId">, consultantId: string): ClientChanges {
  return {
    display_name: input.displayName,
    baby_birth_date: input.babyBirthDate,
    feeding_method: input.feedingMethod,
    considering_weaning: input.consideringWeaning,
    primary_consultant_id: consultantId,
  };
}

export async function createClient(db: Kysely<Database>, actor: Actor, input: ClientCreateInput, now: Date): Promise<ClientRecord> {
  const clientId = input.id ?? randomUUID();
  return withActor(db, actor, async (tx) => {
    const consultantId = await resolveConsultant(tx, actor, input.primaryConsultantId);
    const inserted = await insertClientIfAbsent(tx, { practice_id: actor.practiceId, id: clientId, ...toColumns(input, consultantId) });
    const record = await loadClientRecord(tx, actor, clientId, now);
    if (inserted) {
      await recordAudit(tx, actor, {
        action: "client.create",
        entity: "client",
        entityId: clientId,
        details: { primaryConsultantId: consultantId },
      });
    } else {
      const sent = { ...toColumns(input, consultantId) };
      const stored = {
        display_name: record.displayName,
        baby_birth_date: record.babyBirthDate,
        feeding_method: record.feedingMethod,
        considering_weaning: record.consideringWeaning,
        primary_consultant_id: record.primaryConsultantId,
      };
      if (!sameContent(sent, stored)) throw replayConflict("client", clientId, profileOf(record));
    }
    return record;
  });
}

export async function updateClient(db: Kysely<Database>, actor: Actor, input: ClientUpdateInput, now: Date): Promise<ClientRecord> {
  return withActor(db, actor, async (tx) => {
    const before = await loadClientRecord(tx, actor, input.clientId, now);
    const consultantId =
      input.primaryConsultantId === undefined || input.primaryConsultantId === before.primaryConsultantId
        ? before.primaryConsultantId
        : await resolveConsultant(tx, actor, input.primaryConsultantId);
    const updated = await updateClientAtVersion(tx, input.clientId, input.version, toColumns(input, consultantId));
    if (!updated) {
      // Read again: on a server a concurrent winner has committed by now, and the user must see its version.
      throw conflictError("client", profileOf(await loadClientRecord(tx, actor, input.clientId, now)));
    }
    const after = await loadClientRecord(tx, actor, input.clientId, now);
    await recordAudit(tx, actor, {
      action: "client.update",
      entity: "client",
      entityId: input.clientId,
      details: { fields: changedFields(profileOf(before), profileOf(after)).filter((field) => field !== "consultantName") },
    });
    return after;
  });
}

/**
 * Moves a client to another active consultant of the practice. The whole
 * history follows the client (it hangs off the client, not the consultant);
 * the move is audited with both consultants.
 */
export async function assignClient(
  db: Kysely<Database>,
  actor: Actor,
  input: { clientId: string; consultantId: string },
  now: Date,
): Promise<ClientRecord> {
  return withActor(db, actor, async (tx) => {
    const before = await loadClientRecord(tx, actor, input.clientId, now);
    const consultantId = await resolveConsultant(tx, actor, input.consultantId);
    if (consultantId !== before.primaryConsultantId) {
      await reassignClient(tx, input.clientId, consultantId);
      await recordAudit(tx, actor, {
      action: "client.assign",
        entity: "client",
        entityId: input.clientId,
        details: { fromConsultantId: before.primaryConsultantId, toConsultantId: consultantId },
      });
    }
    return loadClientRecord(tx, actor, input.clientId, now);
  });
}

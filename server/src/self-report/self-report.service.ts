import type { Kysely } from "kysely";
import type { z } from "zod";
import { assumeLinkHolder, withActor, withSelfReportLink, type Actor, type Database, type LinkHolder, type Tx } from "@wave/db";
import {
  scoreEpds,
  SELF_REPORT_ENDED,
  type SelfReportEpisode,
  type SelfReportLink,
  type SelfReportLinkCreated,
  type SelfReportLinks,
  type SelfReportSaved,
  type SelfReportStatus,
} from "@wave/shared";
import { recordAudit } from "../audit/audit.repository.js";
import { hashSessionToken, newSessionToken } from "../auth/session-token.js";
import { assertPlausibleForBirthDate } from "../clients/birth-plausibility.js";
import { canAccessClient } from "../clients/client-access.js";
import { findClientAccessRecord } from "../clients/clients.repository.js";
import { afterEpisodeCreated, contentOf } from "../episodes/episodes.service.js";
import { findEpisode, insertEpisodeIfAbsent } from "../episodes/episodes.repository.js";
import { notFound, replayConflictWithoutRecord } from "../errors.js";
import { sameContent } from "../idempotency.js";
import { findPracticeSettings } from "../practices/practices.repository.js";
import { findScreening, insertScreeningIfAbsent } from "../screenings/screenings.repository.js";
import { afterEpdsCreated } from "../screenings/screenings.service.js";
import {
  findLink,
  findLinkByTokenHash,
  findLinkClientBirthDate,
  findLinkTokenPractice,
  findOpenEpdsRequest,
  findOpenEpdsRequestId,
  fulfilEpdsRequest,
  insertLink,
  listLinks,
  openEpdsRequest,
  revokeLink,
  touchLink,
  type HeldLink,
} from "./self-report.repository.js";

// Client self-report links (CONTRACT.md selfReport.*, docs/decisions/0021).

const DAY_MS = 24 * 60 * 60 * 1000;
const LINK_NOT_FOUND = "No self-report link with that id for your clients.";
export const NO_QUESTIONNAIRE = "There is no questionnaire waiting on this link.";

/** A link's secret is made like a session's: 256 random bits, and only its SHA-256 is stored. */
export const newLinkToken = newSessionToken;
export const hashLinkToken = hashSessionToken;

// ---------- staff ----------

/** A new link for a client the caller may see; the token leaves the server only inside the URL, this once. */
export async function createLink(
  db: Kysely<Database>,
  actor: Actor,
  input: { clientId: string; expiresInDays: number },
  now: Date,
  baseUrl: string,
): Promise<SelfReportLinkCreated> {
  const token = newLinkToken();
  const expiresAt = new Date(now.getTime() + input.expiresInDays * DAY_MS);
  const linkId = await withActor(db, actor, async (tx) => {
    const id = await insertLink(tx, {
      practiceId: actor.practiceId,
      clientId: input.clientId,
      tokenHash: hashLinkToken(token),
      createdBy: actor.userId,
      createdAt: now,
      expiresAt,
    });
    await recordAudit(tx, actor, {
      action: "self_report_link.create",
      entity: "client",
      entityId: input.clientId,
      details: { linkId: id, expiresInDays: input.expiresInDays },
    });
    return id;
  });
  // In the fragment, which browsers never send: the token reaches no server log and no Referer.
  return { linkId, url: `${baseUrl}/r#${token}`, expiresAt: expiresAt.toISOString() };
}

export function listClientLinks(db: Kysely<Database>, actor: Actor, clientId: string, now: Date): Promise<SelfReportLinks> {
  return withActor(db, actor, async (tx) => {
    const rows = await listLinks(tx, clientId, now);
    const epdsRequest = await findOpenEpdsRequest(tx, clientId);
    await recordAudit(tx, actor, { action: "self_report_link.list", entity: "client", entityId: clientId, details: { returned: rows.length } });
    return { rows, epdsRequest };
  });
}

/** Ends a link at once: its next request finds it ended. Revoking it again answers it unchanged. */
export function revokeClientLink(db: Kysely<Database>, actor: Actor, linkId: string, now: Date): Promise<SelfReportLink> {
  return withActor(db, actor, async (tx) => {
    await requireLink(tx, actor, linkId, now);
    const revoked = await revokeLink(tx, linkId, actor.userId, now);
    const after = await requireLink(tx, actor, linkId, now);
    if (revoked) {
      await recordAudit(tx, actor, { action: "self_report_link.revoke", entity: "client", entityId: after.clientId, details: { linkId } });
    }
    return after;
  });
}

/** Checked in TypeScript as well as by row-level security, like every client's record. */
async function requireLink(tx: Tx, actor: Actor, linkId: string, now: Date): Promise<SelfReportLink> {
  const link = await findLink(tx, linkId, now);
  const client = link ? await findClientAccessRecord(tx, { practiceId: actor.practiceId, clientId: link.clientId }) : undefined;
  if (!link || !client || !canAccessClient(actor, client)) throw notFound(LINK_NOT_FOUND);
  return link;
}

/** "Ask for an EPDS": the client's page offers one until it is answered; asking again keeps the open request. */
export function requestEpds(db: Kysely<Database>, actor: Actor, clientId: string, now: Date): Promise<{ requestedAt: string }> {
  return withActor(db, actor, async (tx) => {
    const opened = await openEpdsRequest(tx, { practiceId: actor.practiceId, clientId, requestedBy: actor.userId, at: now });
    const open = await findOpenEpdsRequest(tx, clientId);
    if (!open) throw notFound(LINK_NOT_FOUND);
    if (opened) await recordAudit(tx, actor, { action: "epds_request.create", entity: "client", entityId: clientId });
    return { requestedAt: open.requestedAt };
  });
}

// ---------- the link holder ----------

/**
 * Runs `work` as the holder of a live link: unknown, forged, expired and
 * revoked tokens all end the same way, before anything is read or written.
 */
function asLinkHolder<T>(
  db: Kysely<Database>,
  tokenHash: string,
  now: Date,
  work: (tx: Tx, holder: LinkHolder, link: HeldLink) => Promise<T>,
): Promise<T> {
  return withSelfReportLink(db, tokenHash, async (tx) => {
    const practiceId = await findLinkTokenPractice(tx, tokenHash);
    const link = practiceId ? await findLinkByTokenHash(tx, { practiceId, tokenHash }) : undefined;
    if (!link || link.revokedAt !== null || link.expiresAt.getTime() <= now.getTime()) throw notFound(SELF_REPORT_ENDED);
    const holder: LinkHolder = { practiceId: link.practiceId, clientId: link.clientId, linkId: link.id };
    await assumeLinkHolder(tx, holder);
    return work(tx, holder, link);
  });
}

/** What the client's page needs, and nothing about the client. */
export function selfReportStatus(db: Kysely<Database>, tokenHash: string, now: Date): Promise<SelfReportStatus> {
  return asLinkHolder(db, tokenHash, now, async (tx, holder, link) => {
    const practice = await findPracticeSettings(tx, holder.practiceId);
    if (!practice) throw notFound(SELF_REPORT_ENDED);
    const epdsRequested = (await findOpenEpdsRequestId(tx, holder)) !== undefined;
    await touchLink(tx, holder, now);
    return {
      practiceName: practice.practiceName,
      practicePhone: practice.phone,
      crisisLine: practice.crisisLine,
      epdsRequested,
      expiresAt: link.expiresAt.toISOString(),
    };
  });
}

type ClientEpisode = z.output<typeof SelfReportEpisode>;

/** What the client sent, with what they skipped as the record stores it. */
function clientEpisodeContent(episode: ClientEpisode) {
  return {
    occurredAt: episode.occurredAt,
    intensity: episode.intensity,
    types: episode.types ?? [],
    context: episode.context ?? null,
    letDown: episode.letDown ?? ("unknown" as const),
    durationSeconds: episode.durationSeconds ?? null,
    impact: episode.impact ?? null,
    selfHarmThoughts: episode.selfHarmThoughts,
    ratedAfterEducation: null,
    notes: episode.notes ?? null,
  };
}

const saved = (id: string): SelfReportSaved => ({ saved: true, id });

/**
 * Records one episode for the link's client under the id the phone made, so
 * a retry from the phone's queue writes it once. Reads nothing back but the
 * confirmation; a replay with other content is refused without the record.
 */
export function submitSelfReport(db: Kysely<Database>, tokenHash: string, episode: ClientEpisode, now: Date): Promise<SelfReportSaved> {
  const sent = clientEpisodeContent(episode);
  return asLinkHolder(db, tokenHash, now, async (tx, holder) => {
    const birthDate = await findLinkClientBirthDate(tx);
    if (birthDate) assertPlausibleForBirthDate(birthDate, sent.occurredAt, { name: "episode.occurredAt", label: "When it happened" });
    const inserted = await insertEpisodeIfAbsent(tx, {
      practice_id: holder.practiceId,
      id: episode.id,
      client_id: holder.clientId,
      source: "client",
      recorded_by: null,
      self_report_link_id: holder.linkId,
      occurred_at: sent.occurredAt,
      intensity: sent.intensity,
      types: sent.types,
      context: sent.context,
      let_down: sent.letDown,
      duration_seconds: sent.durationSeconds,
      impact: sent.impact,
      self_harm_thoughts: sent.selfHarmThoughts,
      rated_after_education: sent.ratedAfterEducation,
      notes: sent.notes,
    });
    // Visible only if this link sent it: an id taken by any other record reads as a different episode.
    const stored = await findEpisode(tx, { practiceId: holder.practiceId, episodeId: episode.id });
    if (!stored || (!inserted && !sameContent(contentOf(sent), contentOf({ ...stored, occurredAt: new Date(stored.occurredAt) })))) {
      throw replayConflictWithoutRecord("report");
    }
    if (inserted) {
      await touchLink(tx, holder, now);
      await afterEpisodeCreated(tx, holder, stored);
    }
    return saved(episode.id);
  });
}

/**
 * The EPDS the consultant asked for, scored by the server exactly as
 * screenings.createEpds scores it; once answered, the link offers no other.
 */
export function submitSelfReportEpds(
  db: Kysely<Database>,
  tokenHash: string,
  input: { id: string; answers: number[] },
  now: Date,
): Promise<SelfReportSaved> {
  return asLinkHolder(db, tokenHash, now, async (tx, holder) => {
    const existing = await findScreening(tx, input.id);
    if (existing) {
      if (!sameContent({ answers: input.answers }, { answers: existing.answers })) throw replayConflictWithoutRecord("questionnaire");
      return saved(input.id);
    }
    const requestId = await findOpenEpdsRequestId(tx, holder);
    if (!requestId) throw notFound(NO_QUESTIONNAIRE);
    const score = scoreEpds(input.answers);
    const inserted = await insertScreeningIfAbsent(tx, {
      practice_id: holder.practiceId,
      id: input.id,
      client_id: holder.clientId,
      instrument: "epds",
      taken_at: now,
      answers: input.answers,
      total: score.total,
      item10: score.item10,
      source: "client",
      recorded_by: null,
      self_report_link_id: holder.linkId,
    });
    const screening = inserted ? await findScreening(tx, input.id) : undefined;
    if (!screening) throw replayConflictWithoutRecord("questionnaire");
    // Two answers racing for one request: the second finds it answered.
    if (!(await fulfilEpdsRequest(tx, requestId, input.id, now))) throw notFound(NO_QUESTIONNAIRE);
    await touchLink(tx, holder, now);
    await afterEpdsCreated(tx, holder, screening);
    return saved(input.id);
  });
}

import type { Kysely } from "kysely";
import { withActor, type Actor, type Database, type Tx } from "@wave/db";
import {
  alertSourceOfEpisode,
  missingEpisodeDetails,
  raisesSelfHarmAlert,
  type Episode,
  type EpisodeCreateInput,
  type EpisodeFields,
  type EpisodeUpdate,
} from "@wave/shared";
import type { z } from "zod";
import { raiseSelfHarmAlert } from "../alerts/alerts.service.js";
import { recordAudit, type AuditedActor } from "../audit/audit.repository.js";
import { auditedClientRead } from "../audit/audited-read.js";
import { changedFields } from "../audit/changed-fields.js";
import { assertPlausibleForBirth } from "../clients/birth-plausibility.js";
import { conflictError, fieldError, notFound, replayConflict } from "../errors.js";
import { sameContent } from "../idempotency.js";
import {
  findEpisode,
  insertEpisodeIfAbsent,
  listEpisodes,
  updateEpisodeAtVersion,
  type EpisodeChanges,
} from "./episodes.repository.js";

type ParsedFields = z.output<typeof EpisodeFields>;
/** An update's fields: what a client skipped may still be null (types empty). */
type UpdateFields = Omit<EpisodeUpdate, "id" | "clientId" | "version">;

/** What a create sends, for telling a replay from a different episode under the same id. */
interface EpisodeContent {
  occurredAt: Date;
  intensity: number;
  types: readonly string[];
  context: string | null;
  letDown: string;
  durationSeconds: number | null;
  impact: string | null;
  selfHarmThoughts: boolean;
  ratedAfterEducation: boolean | null;
  notes?: string | null | undefined;
}

export function contentOf(episode: EpisodeContent) {
  return {
    occurredAt: episode.occurredAt,
    intensity: episode.intensity,
    types: episode.types,
    context: episode.context,
    letDown: episode.letDown,
    durationSeconds: episode.durationSeconds,
    impact: episode.impact,
    selfHarmThoughts: episode.selfHarmThoughts,
    ratedAfterEducation: episode.ratedAfterEducation,
    notes: episode.notes,
  };
}

function raiseAlertFor(tx: Tx, actor: AuditedActor, episode: Episode): Promise<void> {
  return raiseSelfHarmAlert(tx, actor, {
    clientId: episode.clientId,
    source: alertSourceOfEpisode(episode.source),
    sourceId: episode.id,
    reportedAt: episode.occurredAt,
  });
}
const EPISODE_NOT_FOUND = "No episode with that id for this client.";
const OCCURRED_AT = { name: "occurredAt", label: "When it happened" };

function toColumns(fields: UpdateFields): EpisodeChanges {
  return {
    occurred_at: fields.occurredAt,
    intensity: fields.intensity,
    types: fields.types,
    context: fields.context,
    let_down: fields.letDown,
    duration_seconds: fields.durationSeconds,
    impact: fields.impact,
    self_harm_thoughts: fields.selfHarmThoughts,
    rated_after_education: fields.ratedAfterEducation,
    notes: fields.notes ?? null,
  };
}

/**
 * Records an episode under the caller-generated id. Sending the same id again
 * (a double click, a retried request) returns the episode already stored and
 * writes nothing.
 */
export async function createEpisode(
  db: Kysely<Database>,
  actor: Actor,
  input: ParsedFields & Pick<EpisodeCreateInput, "id" | "clientId">,
): Promise<Episode> {
  return withActor(db, actor, async (tx) => {
    await assertPlausibleForBirth(tx, { practiceId: actor.practiceId, clientId: input.clientId }, input.occurredAt, OCCURRED_AT);
    const inserted = await insertEpisodeIfAbsent(tx, {
      practice_id: actor.practiceId,
      id: input.id,
      client_id: input.clientId,
      source: "consultant",
      recorded_by: actor.userId,
      ...toColumns(input),
    });
    const episode = await findEpisode(tx, { practiceId: actor.practiceId, episodeId: input.id });
    if (!episode || episode.clientId !== input.clientId) throw notFound(EPISODE_NOT_FOUND);
    if (!inserted && !sameContent(contentOf(input), contentOf({ ...episode, occurredAt: new Date(episode.occurredAt) }))) {
      throw replayConflict("episode", input.id, episode);
    }
    if (inserted) await afterEpisodeCreated(tx, actor, episode);
    return episode;
  });
}

/** What a new episode brings, whoever sent it (a consultant, a client's link): its audit row, and the alert a yes raises. */
export async function afterEpisodeCreated(tx: Tx, actor: AuditedActor, episode: Episode): Promise<void> {
  await recordAudit(tx, actor, {
    action: "episode.create",
    entity: "episode",
    entityId: episode.id,
    details: { clientId: episode.clientId },
  });
  if (raisesSelfHarmAlert(null, episode.selfHarmThoughts)) await raiseAlertFor(tx, actor, episode);
}

/**
 * A consultant's episode keeps every detail it was created with; only a
 * client's own report may keep what the client skipped (a correction must not
 * make the consultant invent it). Refused on the first empty field, in the
 * words a create would use.
 */
function assertCompleteFor(source: Episode["source"], fields: UpdateFields): void {
  if (source === "client") return;
  const [missing] = missingEpisodeDetails(fields);
  if (missing) throw fieldError(missing.field, missing.message);
}

/** Changes an episode only if nobody else has since the caller read `version`. */
export async function updateEpisode(db: Kysely<Database>, actor: Actor, input: EpisodeUpdate): Promise<Episode> {
  return withActor(db, actor, async (tx) => {
    const before = await findEpisode(tx, { practiceId: actor.practiceId, episodeId: input.id });
    if (!before || before.clientId !== input.clientId) throw notFound(EPISODE_NOT_FOUND);
    assertCompleteFor(before.source, input);
    await assertPlausibleForBirth(tx, { practiceId: actor.practiceId, clientId: input.clientId }, input.occurredAt, OCCURRED_AT);
    const updated = await updateEpisodeAtVersion(tx, input.id, input.version, toColumns(input));
    if (!updated) {
      const current = (await findEpisode(tx, { practiceId: actor.practiceId, episodeId: input.id })) ?? before;
      throw conflictError("episode", current);
    }
    const after = await findEpisode(tx, { practiceId: actor.practiceId, episodeId: input.id });
    if (!after) throw notFound(EPISODE_NOT_FOUND);
    // Turning the answer to yes is a new report (DOMAIN.md): it raises an alert like a new episode would.
    if (raisesSelfHarmAlert(before.selfHarmThoughts, after.selfHarmThoughts)) await raiseAlertFor(tx, actor, after);
    await recordAudit(tx, actor, {
      action: "episode.update",
      entity: "episode",
      entityId: input.id,
      details: { clientId: input.clientId, fields: changedFields(before, after) },
    });
    return after;
  });
}

export function listClientEpisodes(
  db: Kysely<Database>,
  actor: Actor,
  input: { clientId: string; from?: Date | undefined; to?: Date | undefined },
): Promise<Episode[]> {
  return auditedClientRead(db, actor, { clientId: input.clientId, action: "episode.list" }, (tx) =>
    listEpisodes(tx, {
      clientId: input.clientId,
      from: input.from,
      to: input.to,
    }),
  );
}

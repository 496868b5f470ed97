import type { Insertable } from "kysely";
import type { EpisodesTable, Tx } from "@wave/db";
import { severityBand, type Episode } from "@wave/shared";
import type { ClientKey } from "../clients/clients.repository.js";

const EPISODE_COLUMNS = [
  "episodes.id",
  "episodes.client_id",
  "episodes.occurred_at",
  "episodes.recorded_at",
  "episodes.source",
  "users.name as recorded_by_name",
  "episodes.context",
  "episodes.let_down",
  "episodes.duration_seconds",
  "episodes.types",
  "episodes.intensity",
  "episodes.rated_after_education",
  "episodes.impact",
  "episodes.self_harm_thoughts",
  "episodes.notes",
  "episodes.version",
] as const;

function selectEpisodes(tx: Tx) {
  return tx
    .selectFrom("episodes")
    .leftJoin("users", (join) =>
      join.onRef("users.practice_id", "=", "episodes.practice_id").onRef("users.id", "=", "episodes.recorded_by"),
    )
    .select(EPISODE_COLUMNS);
}

type EpisodeRow = Awaited<ReturnType<ReturnType<typeof selectEpisodes>["executeTakeFirstOrThrow"]>>;

function toEpisode(row: EpisodeRow): Episode {
  return {
    id: row.id,
    clientId: row.client_id,
    occurredAt: row.occurred_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
    source: row.source,
    recordedByName: row.recorded_by_name,
    context: row.context,
    letDown: row.let_down,
    durationSeconds: row.duration_seconds,
    types: row.types,
    intensity: row.intensity,
    band: severityBand(row.intensity),
    ratedAfterEducation: row.rated_after_education,
    impact: row.impact,
    selfHarmThoughts: row.self_harm_thoughts,
    notes: row.notes,
    version: row.version,
  };
}

/** Inserts unless a row with this id exists: a retried create is a no-op. True when inserted. */
export async function insertEpisodeIfAbsent(tx: Tx, row: Insertable<EpisodesTable>): Promise<boolean> {
  const result = await tx
    .insertInto("episodes")
    .values(row)
    .onConflict((conflict) => conflict.columns(["practice_id", "id"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function findEpisode(tx: Tx, { practiceId, episodeId }: { practiceId: string; episodeId: string }): Promise<Episode | undefined> {
  const row = await selectEpisodes(tx).where("episodes.practice_id", "=", practiceId).where("episodes.id", "=", episodeId).executeTakeFirst();
  return row ? toEpisode(row) : undefined;
}

export async function listEpisodes(
  tx: Tx,
  query: { clientId: string; from?: Date | undefined; to?: Date | undefined },
): Promise<Episode[]> {
  let select = selectEpisodes(tx).where("episodes.client_id", "=", query.clientId);
  if (query.from) select = select.where("episodes.occurred_at", ">=", query.from);
  if (query.to) select = select.where("episodes.occurred_at", "<=", query.to);
  const rows = await select.orderBy("episodes.occurred_at", "desc").execute();
  return rows.map(toEpisode);
}

export type EpisodeChanges = Pick<
  Insertable<EpisodesTable>,
  | "occurred_at"
  | "intensity"
  | "types"
  | "context"
  | "let_down"
  | "duration_seconds"
  | "impact"
  | "self_harm_thoughts"
  | "rated_after_education"
  | "notes"
>;

/** Applies changes only if the row is still at `version`; returns whether it was. */
export async function updateEpisodeAtVersion(
  tx: Tx,
  episodeId: string,
  version: number,
  changes: EpisodeChanges,
): Promise<boolean> {
  const result = await tx
    .updateTable("episodes")
    .set({ ...changes, version: version + 1 })
    .where("id", "=", episodeId)
    .where("version", "=", version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Every rated episode of a client, oldest first: for windows and trends. */
export async function listRatedEpisodes(
  tx: Tx,
  { practiceId, clientId }: ClientKey,
): Promise<{ occurredAt: Date; intensity: number; selfHarm: boolean }[]> {
  const rows = await tx
    .selectFrom("episodes")
    .select(["occurred_at", "intensity", "self_harm_thoughts"])
    .where("practice_id", "=", practiceId)
    .where("client_id", "=", clientId)
    .orderBy("occurred_at", "asc")
    .execute();
  return rows.map((row) => ({ occurredAt: row.occurred_at, intensity: row.intensity, selfHarm: row.self_harm_thoughts }));
}

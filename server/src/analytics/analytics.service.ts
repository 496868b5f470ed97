import type { Kysely } from "kysely";
import { withActor, type Actor, type Database } from "@wave/db";
import { bandOfMean, type ClientTrend } from "@wave/shared";
import { recordAudit } from "../audit/audit.repository.js";
import { findClientProfile } from "../clients/clients.repository.js";
import { CLIENT_NOT_FOUND } from "../clients/client-access.js";
import { listRatedEpisodes } from "../episodes/episodes.repository.js";
import { notFound } from "../errors.js";
import { listInterventions } from "../interventions/interventions.repository.js";
import { buildTrendPoints } from "./client-trend.js";

const DAY_MS = 24 * 60 * 60 * 1000;

export async function clientTrend(
  db: Kysely<Database>,
  actor: Actor,
  input: { clientId: string; bucket: ClientTrend["bucket"] },
  now: Date,
): Promise<ClientTrend> {
  return withActor(db, actor, async (tx) => {
    const client = { practiceId: actor.practiceId, clientId: input.clientId };
    const profile = await findClientProfile(tx, client);
    if (!profile) throw notFound(CLIENT_NOT_FOUND);
    const episodes = await listRatedEpisodes(tx, client);
    const interventions = await listInterventions(tx, client);
    const recent = episodes.filter((episode) => episode.occurredAt.getTime() > now.getTime() - 30 * DAY_MS);
    const recentMean = recent.length ? recent.reduce((sum, episode) => sum + episode.intensity, 0) / recent.length : null;
    await recordAudit(tx, actor, {
      action: "analytics.client_trend",
      entity: "client",
      entityId: input.clientId,
    });
    return {
      ...buildTrendPoints(episodes, input.bucket),
      babyBirthDate: profile.babyBirthDate,
      band: bandOfMean(recentMean),
      interventions: interventions.map((intervention) => ({
        id: intervention.id,
        kind: intervention.kind,
        startedAt: intervention.startedAt.toISOString(),
      })),
    };
  });
}

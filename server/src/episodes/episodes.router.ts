import { EpisodeCreateInput, EpisodeListInput, EpisodeUpdateInput } from "@wave/shared";
import { router } from "../trpc.js";
import { createEpisode, listClientEpisodes, updateEpisode } from "./episodes.service.js";
import { clientProcedure } from "../procedures.js";

export const episodesRouter = router({
  list: clientProcedure.input(EpisodeListInput).query(({ ctx, input }) => listClientEpisodes(ctx.db, ctx.actor, input)),
  create: clientProcedure.input(EpisodeCreateInput).mutation(({ ctx, input }) => createEpisode(ctx.db, ctx.actor, input)),
  update: clientProcedure.input(EpisodeUpdateInput).mutation(({ ctx, input }) => updateEpisode(ctx.db, ctx.actor, input)),
});

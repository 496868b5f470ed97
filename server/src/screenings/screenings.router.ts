import { ClientIdInput, EpdsCreateInput } from "@wave/shared";
import { router } from "../trpc.js";
import { createEpds, listClientScreenings } from "./screenings.service.js";
import { clientProcedure } from "../procedures.js";

export const screeningsRouter = router({
  list: clientProcedure.input(ClientIdInput).query(({ ctx, input }) => listClientScreenings(ctx.db, ctx.actor, input.clientId)),
  createEpds: clientProcedure.input(EpdsCreateInput).mutation(({ ctx, input }) => createEpds(ctx.db, ctx.actor, input)),
});

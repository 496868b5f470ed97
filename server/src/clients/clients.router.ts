import { ClientCreateInput, ClientUpdateInput } from "@wave/shared";
import { authedProcedure, router } from "../trpc.js";
import { clientProcedure } from "./client-access.js";
import { createClient, getClientById, updateClient } from "./clients.service.js";

export const clientsRouter = router({
  byId: clientProcedure.query(({ ctx, input }) => getClientById(ctx.db, ctx.actor, input.clientId, ctx.now())),
  create: authedProcedure.input(ClientCreateInput).mutation(({ ctx, input }) => createClient(ctx.db, ctx.actor, input, ctx.now())),
  update: clientProcedure.input(ClientUpdateInput).mutation(({ ctx, input }) => updateClient(ctx.db, ctx.actor, input, ctx.now())),
});

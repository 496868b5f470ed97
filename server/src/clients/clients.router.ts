import { ClientAssignInput, ClientCreateInput, ClientUpdateInput } from "@wave/shared";
import { router } from "../trpc.js";
import { assignClient, createClient, getClientById, updateClient } from "./clients.service.js";
import { authedProcedure, clientProcedure, leadClientProcedure } from "../procedures.js";

export const clientsRouter = router({
  byId: clientProcedure.query(({ ctx, input }) => getClientById(ctx.db, ctx.actor, input.clientId, ctx.now())),
  create: authedProcedure.input(ClientCreateInput).mutation(({ ctx, input }) => createClient(ctx.db, ctx.actor, input, ctx.now())),
  assign: leadClientProcedure
    .input(ClientAssignInput)
    .mutation(({ ctx, input }) => assignClient(ctx.db, ctx.actor, input, ctx.now())),
  update: clientProcedure.input(ClientUpdateInput).mutation(({ ctx, input }) => updateClient(ctx.db, ctx.actor, input, ctx.now())),
});

import { router } from "../trpc.js";
import { clientProcedure } from "./client-access.js";
import { getClientById } from "./clients.service.js";

export const clientsRouter = router({
  byId: clientProcedure.query(({ ctx, input }) => getClientById(ctx.db, ctx.actor, input.clientId, ctx.now())),
});

import { ClientTrendInput } from "@wave/shared";
import { clientProcedure } from "../clients/client-access.js";
import { router } from "../trpc.js";
import { clientTrend } from "./analytics.service.js";

export const analyticsRouter = router({
  clientTrend: clientProcedure.input(ClientTrendInput).query(({ ctx, input }) => clientTrend(ctx.db, ctx.actor, input, ctx.now())),
});

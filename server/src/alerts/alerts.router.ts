import { AlertAcknowledgeInput, AlertListInput } from "@wave/shared";
import { router } from "../trpc.js";
import { acknowledgeSafetyAlert, listSafetyAlerts } from "./alerts.service.js";
import { authedProcedure } from "../procedures.js";

export const alertsRouter = router({
  /** Every signed-in user: the alerts of the clients they may see. */
  list: authedProcedure.input(AlertListInput).query(({ ctx, input }) => listSafetyAlerts(ctx.db, ctx.actor, input, ctx.now())),
  /** Whoever may see the alert's client; anyone else gets NOT_FOUND. */
  acknowledge: authedProcedure
    .input(AlertAcknowledgeInput)
    .mutation(({ ctx, input }) => acknowledgeSafetyAlert(ctx.db, ctx.actor, input.alertId, ctx.now())),
});

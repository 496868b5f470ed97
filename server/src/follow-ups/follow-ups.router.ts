import { ClientIdInput, FollowUpCompleteInput, FollowUpScheduleInput } from "@wave/shared";
import { router } from "../trpc.js";
import { completeClientFollowUp, listClientFollowUps, scheduleFollowUp } from "./follow-ups.service.js";
import { clientProcedure } from "../procedures.js";

export const followUpsRouter = router({
  list: clientProcedure.input(ClientIdInput).query(({ ctx, input }) => listClientFollowUps(ctx.db, ctx.actor, input.clientId)),
  schedule: clientProcedure
    .input(FollowUpScheduleInput)
    .mutation(({ ctx, input }) => scheduleFollowUp(ctx.db, ctx.actor, input)),
  complete: clientProcedure
    .input(FollowUpCompleteInput)
    .mutation(({ ctx, input }) => completeClientFollowUp(ctx.db, ctx.actor, input, ctx.now())),
});

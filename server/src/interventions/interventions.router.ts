import { ClientIdInput, InterventionCreateInput, InterventionUpdateInput, OutcomeRecordInput } from "@wave/shared";
import { router } from "../trpc.js";
import { createIntervention, listClientInterventions, recordOutcome, updateIntervention } from "./interventions.service.js";
import { clientProcedure } from "../procedures.js";

export const interventionsRouter = router({
  list: clientProcedure
    .input(ClientIdInput)
    .query(({ ctx, input }) => listClientInterventions(ctx.db, ctx.actor, input.clientId)),
  create: clientProcedure
    .input(InterventionCreateInput)
    .mutation(({ ctx, input }) => createIntervention(ctx.db, ctx.actor, input)),
  update: clientProcedure
    .input(InterventionUpdateInput)
    .mutation(({ ctx, input }) => updateIntervention(ctx.db, ctx.actor, input)),
  recordOutcome: clientProcedure
    .input(OutcomeRecordInput)
    .mutation(({ ctx, input }) => recordOutcome(ctx.db, ctx.actor, input)),
});

import { CaseloadListInput } from "@wave/shared";
import { router } from "../trpc.js";
import { listCaseload } from "./caseload.service.js";
import { authedProcedure } from "../procedures.js";

export const caseloadRouter = router({
  list: authedProcedure
    .input(CaseloadListInput)
    .query(({ ctx, input }) => listCaseload(ctx.db, ctx.actor, input, ctx.now())),
});

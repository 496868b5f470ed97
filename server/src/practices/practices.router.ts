import { PracticeSettingsInput } from "@wave/shared";
import { authedProcedure, roleProcedure, router } from "../trpc.js";
import { practiceSettings, updatePracticeSettings } from "./practices.service.js";

export const practicesRouter = router({
  settings: authedProcedure.query(({ ctx }) => practiceSettings(ctx.db, ctx.actor)),
  updateSettings: roleProcedure("lead")
    .input(PracticeSettingsInput)
    .mutation(({ ctx, input }) => updatePracticeSettings(ctx.db, ctx.actor, input)),
});

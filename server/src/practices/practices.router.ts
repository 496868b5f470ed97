import { PracticeSettingsInput } from "@wave/shared";
import { router } from "../trpc.js";
import { practiceSettings, updatePracticeSettings } from "./practices.service.js";
import { authedProcedure, leadProcedure } from "../procedures.js";

export const practicesRouter = router({
  settings: authedProcedure.query(({ ctx }) => practiceSettings(ctx.db, ctx.actor)),
  updateSettings: leadProcedure
    .input(PracticeSettingsInput)
    .mutation(({ ctx, input }) => updatePracticeSettings(ctx.db, ctx.actor, input)),
});

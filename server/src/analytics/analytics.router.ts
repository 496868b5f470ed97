import { AnalyticsRangeInput, ClientTrendInput, CourseInput, DrillDownInput } from "@wave/shared";
import { clientProcedure } from "../clients/client-access.js";
import { roleProcedure, router } from "../trpc.js";
import { clientTrend } from "./analytics.service.js";
import {
  consultantWorkload,
  courseByPostpartumWeek,
  drillDown,
  interventionEffectiveness,
  practiceOverview,
} from "./practice-analytics.service.js";

const leadProcedure = roleProcedure("lead");

export const analyticsRouter = router({
  clientTrend: clientProcedure.input(ClientTrendInput).query(({ ctx, input }) => clientTrend(ctx.db, ctx.actor, input, ctx.now())),
  practiceOverview: leadProcedure
    .input(AnalyticsRangeInput)
    .query(({ ctx, input }) => practiceOverview(ctx.db, ctx.actor, input, ctx.settings, ctx.now())),
  interventionEffectiveness: leadProcedure
    .input(AnalyticsRangeInput)
    .query(({ ctx, input }) => interventionEffectiveness(ctx.db, ctx.actor, input, ctx.settings)),
  courseByPostpartumWeek: leadProcedure
    .input(CourseInput)
    .query(({ ctx, input }) => courseByPostpartumWeek(ctx.db, ctx.actor, input, ctx.settings, ctx.now())),
  consultantWorkload: leadProcedure.query(({ ctx }) => consultantWorkload(ctx.db, ctx.actor, ctx.settings, ctx.now())),
  drillDown: leadProcedure.input(DrillDownInput).query(({ ctx, input }) => drillDown(ctx.db, ctx.actor, input, ctx.settings, ctx.now())),
});

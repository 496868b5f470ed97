import { AnalyticsRangeInput, ClientTrendInput, CourseInput, DrillDownInput } from "@wave/shared";
import { clientProcedure, heavyLeadProcedure } from "../procedures.js";
import { router } from "../trpc.js";
import { clientTrend } from "./analytics.service.js";
import {
  consultantWorkload,
  courseByPostpartumWeek,
  drillDown,
  interventionEffectiveness,
  practiceOverview,
} from "./practice-analytics.service.js";

// The practice-wide aggregates scan every client of the practice: bounded so
// that a lead's burst cannot take the connections consultants need.
export const analyticsRouter = router({
  clientTrend: clientProcedure.input(ClientTrendInput).query(({ ctx, input }) => clientTrend(ctx.db, ctx.actor, input, ctx.now())),
  practiceOverview: heavyLeadProcedure
    .input(AnalyticsRangeInput)
    .query(({ ctx, input }) => practiceOverview(ctx.db, ctx.actor, input, ctx.settings, ctx.now())),
  interventionEffectiveness: heavyLeadProcedure
    .input(AnalyticsRangeInput)
    .query(({ ctx, input }) => interventionEffectiveness(ctx.db, ctx.actor, input, ctx.settings)),
  courseByPostpartumWeek: heavyLeadProcedure
    .input(CourseInput)
    .query(({ ctx, input }) => courseByPostpartumWeek(ctx.db, ctx.actor, input, ctx.settings, ctx.now())),
  consultantWorkload: heavyLeadProcedure.query(({ ctx }) => consultantWorkload(ctx.db, ctx.actor, ctx.settings, ctx.now())),
  drillDown: heavyLeadProcedure.input(DrillDownInput).query(({ ctx, input }) => drillDown(ctx.db, ctx.actor, input, ctx.settings, ctx.now())),
});

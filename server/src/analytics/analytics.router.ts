import { AnalyticsRangeInput, ClientTrendInput, CourseInput, DrillDownInput } from "@wave/shared";
import { clientProcedure, heavyLeadProcedure } from "../procedures.js";
import type { Context } from "../context.js";
import { router } from "../trpc.js";
import { clientTrend } from "./analytics.service.js";
import {
  consultantWorkload,
  courseByPostpartumWeek,
  drillDown,
  interventionEffectiveness,
  practiceOverview,
} from "./practice-analytics.service.js";

// The practice-wide aggregates are bounded so that a lead's burst cannot take
// the connections consultants need, and read from the replica when there is
// one. clientTrend is a client's own chart, read right after a consultant
// records an episode: it stays on the primary, so it never lags behind.
const analyticsDatabases = (ctx: { db: Context["db"]; readDb: Context["readDb"] }) => ({ db: ctx.db, replica: ctx.readDb });
export const analyticsRouter = router({
  clientTrend: clientProcedure.input(ClientTrendInput).query(({ ctx, input }) => clientTrend(ctx.db, ctx.actor, input, ctx.now())),
  practiceOverview: heavyLeadProcedure
    .input(AnalyticsRangeInput)
    .query(({ ctx, input }) => practiceOverview(analyticsDatabases(ctx), ctx.actor, input, ctx.settings, ctx.now())),
  interventionEffectiveness: heavyLeadProcedure
    .input(AnalyticsRangeInput)
    .query(({ ctx, input }) => interventionEffectiveness(analyticsDatabases(ctx), ctx.actor, input, ctx.settings)),
  courseByPostpartumWeek: heavyLeadProcedure
    .input(CourseInput)
    .query(({ ctx, input }) => courseByPostpartumWeek(analyticsDatabases(ctx), ctx.actor, input, ctx.settings, ctx.now())),
  consultantWorkload: heavyLeadProcedure.query(({ ctx }) => consultantWorkload(analyticsDatabases(ctx), ctx.actor, ctx.settings, ctx.now())),
  drillDown: heavyLeadProcedure.input(DrillDownInput).query(({ ctx, input }) => drillDown(analyticsDatabases(ctx), ctx.actor, input, ctx.settings, ctx.now())),
});

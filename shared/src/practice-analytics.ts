import { z } from "zod";
import { Band, Flag, InterventionKind, Outcome } from "./enums.js";
import { calendarDate } from "./input.js";

// Inputs and outputs of the lead's aggregate procedures. Every number that
// rests on clients travels as a Cell, so a suppressed value can never be
// read as a number by mistake.

export const CellSchema = z.union([
  z.object({ suppressed: z.literal(false), value: z.number() }),
  z.object({ suppressed: z.literal(true), value: z.null() }),
]);

const MAX_RANGE_DAYS = 3 * 366;
const DAY_MS = 24 * 60 * 60 * 1000;

const rangeFields = {
  from: calendarDate("From"),
  to: calendarDate("To"),
  consultantId: z.uuid({ error: "Choose a consultant from the list" }).optional(),
};

/**
 * Every from/to input of the aggregates, overview and drill-down alike: from
 * on or before to, at most three years apart, so that no one request scans a
 * practice's whole history.
 */
function withRangeRules<T extends z.ZodType<{ from: string; to: string }>>(schema: T) {
  return schema
    .refine((range) => range.from <= range.to, { error: "From must be on or before To", path: ["from"] })
    .refine((range) => Date.parse(range.to) - Date.parse(range.from) <= MAX_RANGE_DAYS * DAY_MS, {
      error: "Choose a range of at most three years",
      path: ["from"],
    });
}

export const AnalyticsRangeInput = withRangeRules(z.object(rangeFields));
export type AnalyticsRangeInput = z.input<typeof AnalyticsRangeInput>;

export const CourseInput = z
  .object({ consultantId: z.uuid({ error: "Choose a consultant from the list" }).optional() })
  .default({});

/** Which cell a drill-down opens: the clients behind exactly that number. */
export const DrillDownInput = z.discriminatedUnion("cell", [
  withRangeRules(
    z.object({
      cell: z.literal("overview"),
      ...rangeFields,
      weekStart: calendarDate("Week"),
      measure: z.enum(["activeClients", "episodes", "mild", "moderate", "severe", "newClients", "discharges"]),
    }),
  ),
  z.object({ cell: z.literal("flag"), flag: Flag, consultantId: z.uuid().optional() }),
  withRangeRules(
    z.object({
      cell: z.literal("effectiveness"),
      ...rangeFields,
      kind: InterventionKind,
      outcome: Outcome.optional(),
    }),
  ),
  z.object({ cell: z.literal("course"), week: z.number().int().min(0).max(104), band: Band, consultantId: z.uuid().optional() }),
  z.object({
    cell: z.literal("workload"),
    consultantId: z.uuid(),
    measure: z.enum(["activeClients", "flaggedClients", "overdueFollowUps", "episodes30d"]),
  }),
]);
export type DrillDownInput = z.input<typeof DrillDownInput>;

import { z } from "zod";
import {
  dysphoriaTypes,
  episodeContexts,
  feedingMethods,
  followUpContacts,
  followUpOutcomes,
  impacts,
  interventionKinds,
  letDowns,
  outcomes,
  Band,
  ClientStatus,
  DysphoriaType,
  EpisodeContext,
  EpisodeSource,
  FeedingMethod,
  Impact,
  InterventionKind,
  LetDown,
  Outcome,
  FollowUpContact,
  FollowUpOutcome,
} from "./enums.js";
import { EPDS_ITEM_COUNT } from "./epds.js";
import { now } from "./clock.js";
import { instant, text, version } from "./input.js";
import { hasVisibleCharacter, isWithinFollowUpWindow } from "./plausibility.js";
import { CaseloadRow, FlagDetail } from "./schemas.js";

// Inputs and outputs of the recording and review procedures. The client's
// forms validate with these same schemas, so a message shown next to a field
// is the one the server would give.

/** Entries may be stamped a little ahead of the server's clock (device drift), never more. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

const id = (field: string) => z.uuid({ error: `${field} must be a UUID` });
const dateTime = instant;
/** Not before now (less the device drift allowed above): a follow-up cannot be due in the past. */
const futureDateTime = (label: string, empty?: string) =>
  dateTime(label, empty).refine((value) => value.getTime() >= now().getTime() - CLOCK_SKEW_MS, {
    error: `${label} cannot be in the past`,
  });
/** A follow-up is booked for the coming care: not in the past, and within the next 12 months. */
const followUpDateTime = (label: string, empty?: string) =>
  futureDateTime(label, empty).refine((value) => isWithinFollowUpWindow(value, now()), {
    error: `${label} must be within the next 12 months`,
  });
export const pastDateTime = (label: string, empty?: string) =>
  dateTime(label, empty).refine((value) => value.getTime() <= now().getTime() + CLOCK_SKEW_MS, {
    error: `${label} cannot be in the future`,
  });
const optionalText = (label: string, max: number) =>
  text(label, max)
    .optional()
    .transform((value) => (value === "" ? undefined : value));

/** An enumeration with a plain message instead of zod's "Invalid option: expected one of…". */
const choice = <const T extends readonly [string, ...string[]]>(values: T, message: string) => z.enum(values, { error: message });
export const yesNo = (message: string) => z.boolean({ error: message });
/** An intensity rating, 1 to 10; `missing` is said when none was chosen. */
export const intensityRating = (missing: string) =>
  z
    .number({ error: missing })
    .int({ error: "Intensity must be a whole number from 1 to 10" })
    .min(1, { error: "Intensity must be from 1 to 10" })
    .max(10, { error: "Intensity must be from 1 to 10" });
const validDate = (value: string) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

// ---------- clients ----------
const MAX_BABY_AGE_DAYS = 3 * 365;
export const ClientFields = z.object({
  displayName: text("Display name", 200)
    .pipe(z.string().min(1, { error: "Enter a display name" }))
    // A name of only zero-width or format characters shows as blank in every list.
    .refine(hasVisibleCharacter, { error: "Enter a display name with at least one letter or digit" }),
  babyBirthDate: z.iso
    .date({
      error: (issue) => (issue.input === "" || issue.input === undefined ? "Enter the baby's birth date" : "Baby's birth date must be a date (YYYY-MM-DD)"),
    })
    // A malformed date is reported once, by the format check, not again by these.
    .refine((value) => !validDate(value) || Date.parse(`${value}T00:00:00Z`) <= now().getTime() + 24 * 3600 * 1000, {
      error: "Baby's birth date cannot be in the future",
    })
    .refine((value) => !validDate(value) || Date.parse(`${value}T00:00:00Z`) >= now().getTime() - MAX_BABY_AGE_DAYS * 24 * 3600 * 1000, {
      error: "Baby's birth date must be within the last 3 years",
    }),
  feedingMethod: choice(feedingMethods, "Choose how the baby is fed: nursing, pumping or both"),
  consideringWeaning: yesNo("Say whether the client is considering weaning"),
  primaryConsultantId: z.uuid({ error: "Choose a consultant from the list" }).optional(),
});
export const ClientCreateInput = ClientFields.extend({
  /** Optional client-generated id: sending the same id again returns the same client. */
  id: id("id").optional(),
});
export type ClientCreateInput = z.input<typeof ClientCreateInput>;
export const ClientUpdateInput = ClientFields.extend({
  clientId: id("clientId"),
  version: version(),
});
export type ClientUpdateInput = z.input<typeof ClientUpdateInput>;

// ---------- episodes ----------
/** Up to three feelings, each once; an episode names at least one (EpisodeFields), a client's own report may name none. */
const feelings = z
  .array(choice(dysphoriaTypes, "Choose despondency, anxiety or anger"))
  .max(3)
  .refine((types) => new Set(types).size === types.length, { error: "Each feeling can be chosen once" });
export const EpisodeFields = z.object({
  occurredAt: pastDateTime("When it happened", "Enter when it happened, as a date and time"),
  intensity: intensityRating("Intensity must be a number from 1 to 10"),
  types: feelings.min(1, { error: "Choose at least one feeling" }),
  context: choice(episodeContexts, "Choose when it happened: nursing, pumping or spontaneous let-down"),
  letDown: choice(letDowns, "Choose which let-down: first, later or not sure"),
  durationSeconds: z
    .number({ error: "Duration must be a number of seconds" })
    .int({ error: "Duration must be whole seconds" })
    .min(0, { error: "Duration cannot be negative" })
    .max(86_400, { error: "Duration must be under a day" }),
  impact: choice(impacts, "Choose the impact on feeding"),
  selfHarmThoughts: yesNo("Say whether there were thoughts of self-harm"),
  ratedAfterEducation: yesNo("Say whether this was rated after learning about DMER"),
  notes: optionalText("Notes", 5000),
});
export const EpisodeCreateInput = EpisodeFields.extend({ id: id("id"), clientId: id("clientId") });
export type EpisodeCreateInput = z.input<typeof EpisodeCreateInput>;
/** What a client's own report may leave out (CONTRACT.md), in the form's order. */
export const skippableEpisodeFields = ["types", "context", "durationSeconds", "impact", "ratedAfterEducation"] as const;
export type SkippableEpisodeField = (typeof skippableEpisodeFields)[number];
/**
 * A correction keeps what the client skipped skipped, so these may be null
 * (types empty) here; the server refuses that on a consultant's episode
 * (missingEpisodeDetails), which stays as complete as it was created.
 */
export const EpisodeUpdateInput = EpisodeFields.extend({
  types: feelings,
  context: EpisodeFields.shape.context.nullable(),
  durationSeconds: EpisodeFields.shape.durationSeconds.nullable(),
  impact: EpisodeFields.shape.impact.nullable(),
  ratedAfterEducation: EpisodeFields.shape.ratedAfterEducation.nullable(),
  id: id("id"),
  clientId: id("clientId"),
  version: version(),
});
export type EpisodeUpdateInput = z.input<typeof EpisodeUpdateInput>;
export type EpisodeUpdate = z.output<typeof EpisodeUpdateInput>;

/** The strict field's own message for an empty answer, so a refusal reads exactly as a create's would. */
function missingMessage(field: SkippableEpisodeField): string {
  const result = EpisodeFields.shape[field].safeParse(field === "types" ? [] : null);
  return result.error?.issues[0]?.message ?? `${field} is required`;
}

/** The details left empty (null, or no feelings), each with the message a create gives for it. */
export function missingEpisodeDetails(
  details: Pick<EpisodeUpdate, SkippableEpisodeField>,
): { field: SkippableEpisodeField; message: string }[] {
  return skippableEpisodeFields
    .filter((field) => (field === "types" ? details.types.length === 0 : details[field] === null))
    .map((field) => ({ field, message: missingMessage(field) }));
}
export const EpisodeListInput = z
  .object({ clientId: id("clientId"), from: dateTime("From").optional(), to: dateTime("To").optional() })
  .refine((input) => !input.from || !input.to || input.from.getTime() <= input.to.getTime(), {
    error: "From must be before To",
    path: ["from"],
  });

export const Episode = z.object({
  id: z.uuid(),
  clientId: z.uuid(),
  occurredAt: z.string(),
  recordedAt: z.string(),
  source: EpisodeSource,
  recordedByName: z.string().nullable(),
  context: EpisodeContext.nullable(),
  letDown: LetDown,
  durationSeconds: z.number().int().nullable(),
  types: z.array(DysphoriaType),
  intensity: z.number().int(),
  band: Band,
  ratedAfterEducation: z.boolean().nullable(),
  impact: Impact.nullable(),
  selfHarmThoughts: z.boolean(),
  notes: z.string().nullable(),
  version: z.number().int(),
});
export type Episode = z.infer<typeof Episode>;

// ---------- interventions ----------
const InterventionFields = z.object({
  id: id("id"),
  clientId: id("clientId"),
  kind: choice(interventionKinds, "Choose the kind of intervention"),
  startedAt: pastDateTime("Start", "Enter the start date"),
  endedAt: dateTime("End").optional(),
  details: optionalText("Details", 5000),
});

/** The rules across fields, for creating and for editing alike. */
function withInterventionRules<T extends z.ZodType<z.output<typeof InterventionFields>>>(schema: T) {
  return schema
    .refine((input) => !input.endedAt || input.endedAt.getTime() >= input.startedAt.getTime(), {
      error: "End must be after the start",
      path: ["endedAt"],
    })
    .refine((input) => input.kind !== "other" || Boolean(input.details), {
      error: "Describe the intervention when the kind is Other",
      path: ["details"],
    });
}

export const InterventionCreateInput = withInterventionRules(InterventionFields);
export type InterventionCreateInput = z.input<typeof InterventionCreateInput>;
export type InterventionCreate = z.output<typeof InterventionCreateInput>;
export const InterventionUpdateInput = withInterventionRules(InterventionFields.extend({ version: version() }));
export type InterventionUpdateInput = z.input<typeof InterventionUpdateInput>;
export type InterventionUpdate = z.output<typeof InterventionUpdateInput>;

export const OutcomeRecordInput = z.object({
  id: id("id"),
  clientId: id("clientId"),
  interventionId: z.uuid({ error: "Choose the intervention this outcome is for" }),
  assessedAt: pastDateTime("Assessed on", "Enter the date it was assessed"),
  outcome: choice(outcomes, "Choose how it worked: resolved, improved, no change, worse or stopped"),
  notes: optionalText("Notes", 5000),
});
export type OutcomeRecordInput = z.input<typeof OutcomeRecordInput>;
export type OutcomeRecord = z.output<typeof OutcomeRecordInput>;

export const InterventionWindow = z.object({ count: z.number().int(), mean: z.number().nullable(), enough: z.boolean() });
export type InterventionWindow = z.infer<typeof InterventionWindow>;

export const InterventionOutcome = z.object({
  id: z.uuid(),
  assessedAt: z.string(),
  outcome: Outcome,
  notes: z.string().nullable(),
  recordedByName: z.string(),
});
export const Intervention = z.object({
  id: z.uuid(),
  clientId: z.uuid(),
  kind: InterventionKind,
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  details: z.string().nullable(),
  recordedByName: z.string(),
  version: z.number().int(),
  outcomes: z.array(InterventionOutcome),
  before: InterventionWindow,
  after: InterventionWindow,
});
export type Intervention = z.infer<typeof Intervention>;

// ---------- screenings ----------
/** The printed number (1-10) of the EPDS question at the end of an issue's path. */
function questionNumber(path: readonly PropertyKey[] | undefined): string {
  const index = path?.[path.length - 1];
  return typeof index === "number" ? String(index + 1) : "each question";
}

export const EpdsCreateInput = z.object({
  id: id("id"),
  clientId: id("clientId"),
  takenAt: pastDateTime("Taken on", "Enter when the screening was taken, as a date and time"),
  answers: z
    .array(
      z
        // An unanswered question is named by its printed number.
        .number({ error: (issue) => (issue.input === undefined ? `Choose an answer to question ${questionNumber(issue.path)}` : "Choose one of the four options") })
        .int({ error: "Choose one of the four options" })
        .min(0, { error: "Choose one of the four options" })
        .max(3, { error: "Choose one of the four options" }),
      { error: "Answer all ten questions" },
    )
    .length(EPDS_ITEM_COUNT, { error: "Answer all ten questions" }),
});
export type EpdsCreateInput = z.input<typeof EpdsCreateInput>;
export type EpdsCreate = z.output<typeof EpdsCreateInput>;

export const Screening = z.object({
  id: z.uuid(),
  clientId: z.uuid(),
  instrument: z.literal("epds"),
  takenAt: z.string(),
  answers: z.array(z.number().int()),
  total: z.number().int(),
  item10: z.number().int(),
  interpretation: z.enum(["self_harm_risk", "probable_depression", "possible_depression", "below_threshold"]),
  /** Who entered it, in the episode sources' words: a consultant, or the client through a self-report link. */
  source: EpisodeSource,
  /** Null when the client sent it. */
  recordedByName: z.string().nullable(),
});
export type Screening = z.infer<typeof Screening>;

// ---------- follow-ups and notes ----------
export const FollowUpScheduleInput = z.object({ clientId: id("clientId"), dueAt: followUpDateTime("Due", "Enter the date and time it is due") });
export const FollowUpCompleteInput = z.object({
  /** Client-generated: sending the same id again records the contact once. */
  id: id("id"),
  clientId: id("clientId"),
  outcome: choice(followUpOutcomes, "Say whether you reached the client"),
  contact: choice(followUpContacts, "Choose how you made contact: phone, video, in person or message").optional(),
  notes: text("Notes", 5000).pipe(z.string().min(1, { error: "Write a short note about the follow-up" })),
  /** The scheduled follow-up this contact was, if the user says so; otherwise it stays scheduled. */
  scheduledFollowUpId: z.uuid({ error: "Choose the scheduled follow-up from the list" }).optional(),
  /** Books (or moves) the next follow-up in the same write. */
  nextDueAt: followUpDateTime("Next follow-up", "Enter when the next follow-up is due, as a date and time").optional(),
});
export type FollowUpCompleteInput = z.input<typeof FollowUpCompleteInput>;
export type FollowUpCompletion = z.output<typeof FollowUpCompleteInput>;
export const NoteCreateInput = z.object({
  id: id("id"),
  clientId: id("clientId"),
  body: text("Notes", 10_000).pipe(z.string().min(1, { error: "Write the note" })),
});

export const FollowUp = z.object({
  id: z.uuid(),
  dueAt: z.string(),
  completedAt: z.string().nullable(),
  completedByName: z.string().nullable(),
  /** Completed follow-ups: whether the client was reached, and how. */
  outcome: FollowUpOutcome.nullable(),
  contact: FollowUpContact.nullable(),
  notes: z.string().nullable(),
  /** Safety alerts this follow-up resolved. */
  resolvedAlerts: z.number().int(),
});
export type FollowUp = z.infer<typeof FollowUp>;
export const Note = z.object({ id: z.uuid(), body: z.string(), authorName: z.string(), createdAt: z.string() });
export type Note = z.infer<typeof Note>;

// ---------- the client page ----------
export const SinceLastVisit = z.object({
  lastVisitAt: z.string().nullable(),
  episodes: z.number().int(),
  meanThen: z.number().nullable(),
  meanNow: z.number().nullable(),
  newFlags: z.array(FlagDetail),
  outcomesRecorded: z.number().int(),
});
export type SinceLastVisit = z.infer<typeof SinceLastVisit>;

export const ClientRecord = z.object({
  clientId: z.uuid(),
  displayName: z.string(),
  babyBirthDate: z.string(),
  feedingMethod: FeedingMethod,
  consideringWeaning: z.boolean(),
  primaryConsultantId: z.uuid(),
  consultantName: z.string(),
  status: ClientStatus,
  nextFollowUpAt: z.string().nullable(),
  version: z.number().int(),
  summary: CaseloadRow,
  sinceLastVisit: SinceLastVisit,
  /** Calm prompts to tell DMER apart from what it is not (never a diagnosis). */
  prompts: z.array(z.object({ kind: z.enum(["low_mood_between_feeds", "aversion_whole_latch"]), message: z.string(), reason: z.string() })),
});
export type ClientRecord = z.infer<typeof ClientRecord>;

export const TrendBucket = z.enum(["episode", "day", "week"]);
export const ClientTrendInput = z.object({ clientId: id("clientId"), bucket: TrendBucket.default("episode") });
export const TrendPoint = z.object({
  at: z.string(),
  intensity: z.number(),
  count: z.number().int(),
  maxIntensity: z.number().int(),
  selfHarm: z.boolean(),
});
export const ClientTrend = z.object({
  bucket: TrendBucket,
  babyBirthDate: z.string(),
  band: Band.nullable(),
  points: z.array(TrendPoint),
  weekly: z.array(z.object({ weekStart: z.string(), mean: z.number(), count: z.number().int() })),
  interventions: z.array(z.object({ id: z.uuid(), kind: InterventionKind, startedAt: z.string() })),
});
export type ClientTrend = z.infer<typeof ClientTrend>;

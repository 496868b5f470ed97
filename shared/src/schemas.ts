import { z } from "zod";
import { AlertRef } from "./alerts.js";
import { calendarDate, text } from "./input.js";
import { hasVisibleCharacter } from "./plausibility.js";
import { Band, Flag, Role, Trend } from "./enums.js";

export const LoginInput = z.object({
  email: z.email({ error: "Enter a valid email address" }).max(254).transform((email) => email.toLowerCase()),
  password: z.string().min(1, { error: "Enter your password" }).max(1024),
});
export type LoginInput = z.infer<typeof LoginInput>;

export const Me = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: Role,
  practiceId: z.uuid(),
  practiceName: z.string(),
  /** Signed in with a temporary password: nothing else works until it is changed. */
  mustChangePassword: z.boolean(),
});
export type Me = z.infer<typeof Me>;

export const MIN_PASSWORD_LENGTH = 12;
export const ChangePasswordInput = z
  .object({
    currentPassword: z.string().min(1, { error: "Enter your current password (the temporary one, if you were given one)" }).max(1024),
    newPassword: z
      .string()
      .min(MIN_PASSWORD_LENGTH, { error: `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters` })
      .max(1024, { error: "Choose a password of at most 1024 characters" }),
  })
  .refine((input) => input.currentPassword !== input.newPassword, {
    error: "Choose a new password different from the current one",
    path: ["newPassword"],
  });

/** One of the caller's own sessions, as auth.sessions lists them. */
export const EndSessionInput = z.object({ sessionId: z.uuid({ error: "sessionId must be a UUID" }) });
export type EndSessionInput = z.infer<typeof EndSessionInput>;

export const caseloadSortFields = [
  "attention",
  "displayName",
  "consultantName",
  "postpartumWeeks",
  "episodes7d",
  "episodes30d",
  "meanIntensity30d",
  "band",
  "trend",
  "lastEpisodeAt",
  "nextFollowUpAt",
] as const;
export const CaseloadSortField = z.enum(caseloadSortFields);
export type CaseloadSortField = z.infer<typeof CaseloadSortField>;

export const CASELOAD_MAX_PAGE_SIZE = 200;

export const CaseloadListInput = z
  .object({
    search: text("Search", 100).optional(),
    sort: z
      .object({ field: CaseloadSortField, desc: z.boolean().default(false) })
      .default({ field: "attention", desc: false }),
    filters: z
      .object({
        band: Band.optional(),
        flag: Flag.optional(),
        anyFlag: z.boolean().optional(),
        consultantId: z.uuid({ error: "Choose a consultant from the list" }).optional(),
        followUpDueWithinDays: z.number().int().min(0).max(365).optional(),
        noEpisodeInDays: z.number().int().min(1).max(365).optional(),
        includeDischarged: z.boolean().optional(),
        /** Clients whose consultant was deactivated: a lead's to-do list. */
        awaitingReassignment: z.boolean().optional(),
      })
      .default({}),
    page: z.number().int().min(1, { error: "Page starts at 1" }).default(1),
    pageSize: z
      .number()
      .int()
      .min(1)
      .max(CASELOAD_MAX_PAGE_SIZE, { error: `Page size must be at most ${CASELOAD_MAX_PAGE_SIZE}` })
      .default(25),
  })
  .default({ sort: { field: "attention", desc: false }, filters: {}, page: 1, pageSize: 25 });
export type CaseloadListInput = z.input<typeof CaseloadListInput>;

export const FlagDetail = z.object({
  flag: Flag,
  reason: z.string(),
  since: z.string().nullable(),
  /** self_harm only: the open safety alerts the flag rests on, oldest first. Empty for other flags. */
  alerts: z.array(AlertRef),
});
export type FlagDetail = z.infer<typeof FlagDetail>;

export const CaseloadRow = z.object({
  clientId: z.uuid(),
  displayName: z.string(),
  consultantId: z.uuid(),
  consultantName: z.string(),
  /** The assigned consultant was deactivated: the client awaits reassignment. */
  awaitingReassignment: z.boolean(),
  postpartumWeeks: z.number().int(),
  episodes7d: z.number().int(),
  episodes30d: z.number().int(),
  meanIntensity30d: z.number().nullable(),
  band: Band.nullable(),
  trend: Trend,
  lastEpisodeAt: z.string().nullable(),
  nextFollowUpAt: z.string().nullable(),
  flags: z.array(Flag),
  flagDetails: z.array(FlagDetail),
});
export type CaseloadRow = z.infer<typeof CaseloadRow>;

export const ClientIdInput = z.object({ clientId: z.uuid({ error: "clientId must be a UUID" }) });
/** caseload.list input after defaults are applied. */
export type CaseloadListQuery = z.output<typeof CaseloadListInput>;

export const UserCreateInput = z.object({
  email: z.email({ error: "Enter a valid email address, like name@example.com" }).max(254).transform((email) => email.toLowerCase()),
  name: text("Name", 200)
    .pipe(z.string().min(1, { error: "Enter the person's name" }))
    .refine(hasVisibleCharacter, { error: "Enter the person's name with at least one letter or digit" }),
  role: Role,
});
export const UserIdInput = z.object({ userId: z.uuid({ error: "userId must be a UUID" }) });
// The reassignment forms show these words beside their selects, before sending and after.
export const ClientAssignInput = z.object({
  clientId: z.uuid({ error: "Find the client by name, then choose them from the list" }),
  consultantId: z.uuid({ error: "Choose the consultant to take over" }),
});

export const AuditListInput = z
  .object({
    userId: z.uuid({ error: "Choose a user from the list" }).optional(),
    clientId: z.uuid({ error: "clientId must be a UUID" }).optional(),
    action: text("Action", 100).optional(),
    from: calendarDate("From").optional(),
    to: calendarDate("To").optional(),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(1000, { error: "Page size must be at most 1000" }).default(50),
  })
  .refine((input) => !input.from || !input.to || input.from <= input.to, { error: "From must be on or before To", path: ["from"] })
  .default({ page: 1, pageSize: 50 });

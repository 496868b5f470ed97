import { z } from "zod";
import { EpdsCreateInput, EpisodeFields, intensityRating, pastDateTime, yesNo } from "./records.js";
import { text } from "./input.js";

// The client's own reports through a private link (CONTRACT.md selfReport.*,
// docs/decisions/0021). The staff procedures manage links; the public ones
// take a token and read back nothing but their own confirmation.

export const SELF_REPORT_DEFAULT_DAYS = 30;
export const SELF_REPORT_MAX_DAYS = 90;
/** What the link page offers when choosing an expiry. */
export const selfReportExpiryChoices = [7, 30, 90] as const;

const uuid = (field: string) => z.uuid({ error: `${field} must be a UUID` });

/**
 * A link's secret: 32 random bytes, base64url (43 characters). Checked for
 * shape before any lookup, so junk is refused as BAD_REQUEST naming `token`.
 */
export const SelfReportToken = z
  .string({ error: "token must be the code from your link" })
  .regex(/^[A-Za-z0-9_-]{43}$/, { error: "token must be the code from your link" });

// ---------- staff: links ----------
export const SelfReportLinkCreateInput = z.object({
  clientId: uuid("clientId"),
  expiresInDays: z
    .number({ error: "Expires in must be a number of days" })
    .int({ error: "Expires in must be whole days" })
    .min(1, { error: `Expires in must be from 1 to ${SELF_REPORT_MAX_DAYS} days` })
    .max(SELF_REPORT_MAX_DAYS, { error: `Expires in must be from 1 to ${SELF_REPORT_MAX_DAYS} days` })
    .default(SELF_REPORT_DEFAULT_DAYS),
});
export type SelfReportLinkCreateInput = z.input<typeof SelfReportLinkCreateInput>;

/** selfReport.createLink's answer: the token appears only inside `url`, and only this once. */
export const SelfReportLinkCreated = z.object({ linkId: z.uuid(), url: z.string(), expiresAt: z.string() });
export type SelfReportLinkCreated = z.infer<typeof SelfReportLinkCreated>;

export const SelfReportClientInput = z.object({ clientId: uuid("clientId") });
export const SelfReportLinkIdInput = z.object({ linkId: uuid("linkId") });

export const selfReportLinkStatuses = ["active", "expired", "revoked"] as const;

/** One link as staff see it in selfReport.listLinks; never the token or its hash. */
export const SelfReportLink = z.object({
  linkId: z.uuid(),
  clientId: z.uuid(),
  status: z.enum(selfReportLinkStatuses),
  createdAt: z.string(),
  createdByName: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  episodesReceived: z.number().int(),
});
export type SelfReportLink = z.infer<typeof SelfReportLink>;

/** selfReport.listLinks: the client's links, newest first, and the EPDS request if one is open. */
export const SelfReportLinks = z.object({
  rows: z.array(SelfReportLink),
  epdsRequest: z.object({ requestedAt: z.string(), requestedByName: z.string() }).nullable(),
});
export type SelfReportLinks = z.infer<typeof SelfReportLinks>;

// ---------- the client's page ----------
export const SelfReportStatusInput = z.object({ token: SelfReportToken });

/** What the page needs, and nothing about the client. */
export const SelfReportStatus = z.object({
  practiceName: z.string(),
  /** The practice's phone, if it set one. */
  practicePhone: z.string().nullable(),
  /** The practice's crisis line; null: the page says "your local emergency number". */
  crisisLine: z.string().nullable(),
  epdsRequested: z.boolean(),
  expiresAt: z.string(),
});
export type SelfReportStatus = z.infer<typeof SelfReportStatus>;

/**
 * An episode as the client reports it: the time, the intensity and the
 * self-harm question are required (DOMAIN.md: that question is always asked,
 * never pre-answered, so "skipped" can never look like "no"); everything
 * else may be skipped. Same field rules as a consultant's episode.
 */
export const SelfReportEpisode = z
  .object({
    // The same rules as a consultant's episode, in the client's words (DOMAIN.md: plain and warm).
    occurredAt: pastDateTime("When it happened", "Enter when it happened: a date and a time"),
    intensity: intensityRating("Choose how strong it felt, from 1 to 10"),
    selfHarmThoughts: yesNo("Please answer Yes or No before saving"),
  })
  .extend(EpisodeFields.pick({ types: true, context: true, letDown: true, durationSeconds: true, impact: true }).partial().shape)
  .extend({
    id: uuid("id"),
    notes: text("Anything else", 2000)
      .optional()
      .transform((value) => (value === "" ? undefined : value)),
  });
export type SelfReportEpisodeInput = z.input<typeof SelfReportEpisode>;

export const SelfReportSubmitInput = z.object({ token: SelfReportToken, episode: SelfReportEpisode });
export type SelfReportSubmitInput = z.input<typeof SelfReportSubmitInput>;

export const SelfReportEpdsInput = z.object({ token: SelfReportToken, id: uuid("id"), answers: EpdsCreateInput.shape.answers });
export type SelfReportEpdsInput = z.input<typeof SelfReportEpdsInput>;

/** The only thing a submission reads back. */
export const SelfReportSaved = z.object({ saved: z.literal(true), id: z.uuid() });
export type SelfReportSaved = z.infer<typeof SelfReportSaved>;

// ---------- practice settings the page shows ----------
export const PracticeSettings = z.object({
  practiceName: z.string(),
  phone: z.string().nullable(),
  crisisLine: z.string().nullable(),
});
export type PracticeSettings = z.infer<typeof PracticeSettings>;

const phoneText = (label: string) =>
  text(label, 60)
    .refine((value) => value === "" || /\d/.test(value), { error: `${label} must contain a number to call` })
    .transform((value) => (value === "" ? null : value));

export const PracticeSettingsInput = z.object({ phone: phoneText("Practice phone"), crisisLine: phoneText("Crisis line") });
export type PracticeSettingsInput = z.input<typeof PracticeSettingsInput>;

/** Words for clients (DOMAIN.md): never a clinical label. */
export const clientWordsForTypes = { despondency: "sad or hollow", anxiety: "anxious or dreading", anger: "irritable or angry" } as const;
export const SELF_REPORT_REASSURANCE = "This is a reflex. It's your body, not your heart.";
export const SELF_REPORT_ENDED = "This link has ended: ask your consultant for a new one.";
export const SELF_REPORT_SAVED = "Saved. Your consultant will see this at your next review.";

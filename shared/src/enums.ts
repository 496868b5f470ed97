import { z } from "zod";

// Wire values from CONTRACT.md. Changing one breaks outside scripts.
export const roles = ["consultant", "lead"] as const;
export const bands = ["mild", "moderate", "severe"] as const;
export const trends = ["improving", "stable", "worsening", "insufficient_data"] as const;
export const dysphoriaTypes = ["despondency", "anxiety", "anger"] as const;
export const episodeContexts = ["nursing", "pumping", "spontaneous"] as const;
export const letDowns = ["first", "later", "unknown"] as const;
export const impacts = ["none", "fed_less", "avoiding_feeds", "considering_weaning"] as const;
export const feedingMethods = ["nursing", "pumping", "both"] as const;
export const interventionKinds = [
  "education",
  "grounding",
  "lifestyle",
  "peer_support",
  "therapist_referral",
  "prescriber_referral",
  "weaning_support",
  "flange_fitting",
  "other",
] as const;
export const outcomes = ["resolved", "improved", "no_change", "worse", "stopped"] as const;
export const flags = ["self_harm", "epds_high", "considering_weaning", "follow_up_overdue", "worsening"] as const;
export const episodeSources = ["consultant", "client"] as const;
export const clientStatuses = ["active", "discharged"] as const;
export const alertSources = ["episode", "epds", "self_report"] as const;
export const followUpOutcomes = ["reached", "not_reached"] as const;
export const followUpContacts = ["phone", "video", "in_person", "message"] as const;

export const Role = z.enum(roles);
export const Band = z.enum(bands);
export const Trend = z.enum(trends);
export const DysphoriaType = z.enum(dysphoriaTypes);
export const EpisodeContext = z.enum(episodeContexts);
export const LetDown = z.enum(letDowns);
export const Impact = z.enum(impacts);
export const FeedingMethod = z.enum(feedingMethods);
export const InterventionKind = z.enum(interventionKinds);
export const Outcome = z.enum(outcomes);
export const Flag = z.enum(flags);
export const EpisodeSource = z.enum(episodeSources);
export const ClientStatus = z.enum(clientStatuses);
export const AlertSource = z.enum(alertSources);
export const FollowUpOutcome = z.enum(followUpOutcomes);
export const FollowUpContact = z.enum(followUpContacts);

export type Role = z.infer<typeof Role>;
export type Band = z.infer<typeof Band>;
export type Trend = z.infer<typeof Trend>;
export type DysphoriaType = z.infer<typeof DysphoriaType>;
export type EpisodeContext = z.infer<typeof EpisodeContext>;
export type LetDown = z.infer<typeof LetDown>;
export type Impact = z.infer<typeof Impact>;
export type FeedingMethod = z.infer<typeof FeedingMethod>;
export type InterventionKind = z.infer<typeof InterventionKind>;
export type Outcome = z.infer<typeof Outcome>;
export type Flag = z.infer<typeof Flag>;
export type EpisodeSource = z.infer<typeof EpisodeSource>;
export type ClientStatus = z.infer<typeof ClientStatus>;
export type AlertSource = z.infer<typeof AlertSource>;
export type FollowUpOutcome = z.infer<typeof FollowUpOutcome>;
export type FollowUpContact = z.infer<typeof FollowUpContact>;

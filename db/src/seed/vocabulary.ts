import type { DysphoriaType, InterventionKind, Outcome } from "@wave/shared";

// Words the generator draws from. Client names are a first name and an
// initial only: demo data must never look like a real person's record.

export const CLIENT_FIRST_NAMES = [
  "Maya", "Aisha", "Sofia", "Hannah", "Priya", "Grace", "Chloe", "Amara", "Lena", "Rosa",
  "Nadia", "Emma", "Olivia", "Zara", "Mei", "Ingrid", "Fatima", "Leah", "Camila", "Jade",
  "Noor", "Isla", "Yuki", "Ava", "Elena", "Tamsin", "Keisha", "Lucia", "Anya", "Harper",
  "Freya", "Imani", "Nora", "Valentina", "Sienna", "Rachel", "Ruth", "Esther", "Mira", "Clara",
  "Ines", "Tara", "Daniela", "Hana", "Beatriz", "Ellie", "Kemi", "Saoirse", "Alba", "Laila",
  "Maren", "Paloma", "Talia", "Iris", "Ayesha", "Willow", "Jun", "Thandi", "Greta", "Bea",
  "Carmen", "Naomi", "Lila", "Ada", "Sana", "Juno", "Marisol", "Anneke", "Rhea", "Kiri",
] as const;

export const LAST_INITIALS = "ABCDEFGHIJKLMNOPRSTVWY";

export const STAFF_FIRST_NAMES = [
  "Jordan", "Morgan", "Casey", "Taylor", "Robin", "Leslie", "Avery", "Quinn", "Harriet", "Monica",
  "Denise", "Teresa", "Lorraine", "Bethany", "Gwen", "Marta", "Renee", "Yvonne", "Ngozi", "Ingrid",
] as const;

export const STAFF_LAST_NAMES = [
  "Ellis", "Brennan", "Nakamura", "Osei", "Lindqvist", "Fernandes", "Harlow", "Kowalski", "Mensah", "Duarte",
  "Whitaker", "Sato", "Abernathy", "Castillo", "Nwosu", "Halvorsen", "Pereira", "Gallagher", "Iyer", "Novak",
] as const;

export const EPISODE_NOTES: Record<DysphoriaType, readonly string[]> = {
  despondency: [
    "Hollow feeling in the stomach just before let-down; gone within two minutes.",
    "Sudden wave of homesickness as the milk came in.",
    "Felt flat and tearful at let-down, fine again once milk was flowing.",
    "Heavy, sinking feeling at the start of the feed.",
  ],
  anxiety: [
    "Sense of dread about a minute before let-down.",
    "Restless and on edge at let-down; passed quickly.",
    "Tight chest and racing thoughts at the start of the feed.",
    "Panicky feeling during the night feed, eased after a few minutes.",
  ],
  anger: [
    "Irritable and tense at let-down, settled once milk was flowing.",
    "Flash of agitation at the first let-down.",
    "Felt a surge of anger at the start of the pump session.",
  ],
};

export const SELF_HARM_EPISODE_NOTE = "Brief intrusive thought of self-harm at let-down; passed with the wave.";

export const INTERVENTION_DETAILS: Record<InterventionKind, readonly string[]> = {
  education: [
    "Named DMER as a hormonal reflex at let-down, not a mood disorder; shared reading.",
    "Explained the let-down reflex and why the feeling passes within minutes.",
  ],
  grounding: [
    "Slow breathing and a hand on the heart through let-down.",
    "Naming five things in the room at let-down; focusing on the baby.",
  ],
  lifestyle: [
    "Keeping a log of triggers; more water and rest before feeds.",
    "Cutting back on caffeine; a short walk each day.",
  ],
  peer_support: ["Joined a local breastfeeding support group.", "Connected with another parent who has had DMER."],
  therapist_referral: ["Referred to a perinatal mental-health therapist."],
  prescriber_referral: ["Referred to a prescriber to discuss options for severe DMER."],
  weaning_support: ["Client chose to wean; planning a gradual reduction in feeds."],
  flange_fitting: ["Re-measured flange size and adjusted pump settings.", "Changed to a smaller flange; lowered suction."],
  other: ["Cold drink and a snack ready before each feed.", "Distraction at let-down: a podcast during pump sessions."],
};

export const SELF_HARM_REFERRAL_DETAILS =
  "Same-day referral to a perinatal mental-health therapist after a self-harm disclosure.";

export const OUTCOME_NOTES: Record<Outcome, readonly string[]> = {
  resolved: ["No episodes since the last visit.", "Episodes have stopped."],
  improved: ["Episodes milder and shorter than before.", "Client says let-downs are much easier now."],
  no_change: ["No clear change yet.", "Episodes about the same as before."],
  worse: ["Episodes stronger over the last fortnight.", "Client reports episodes have intensified."],
  stopped: ["Client stopped; hard to fit around feeds.", "Client chose not to continue."],
};

export const FOLLOW_UP_NOTES = [
  "Phone check-in; reviewed the episode log together.",
  "Video visit; practised grounding during a feed.",
  "Home visit; checked latch and feeding rhythm.",
  "Reviewed the log and coping strategies.",
  "Short call; client managing well between feeds.",
  "Reviewed sleep, hydration and support at home.",
] as const;

export const FOLLOW_UP_NOTES_PUMPING = [
  "Reviewed pump settings and flange fit.",
  "Checked the pumping schedule and log.",
] as const;

export const FOLLOW_UP_NOTES_SEVERE = [
  "Longer visit; talked through options, including speaking with a prescriber.",
  "Checked in on how the client is coping between feeds.",
] as const;

export const SAFETY_FOLLOW_UP_NOTE =
  "Same-day check-in after the self-harm report; safety plan reviewed and support contacts confirmed.";

export const DISCHARGE_NOTE = "Discharged from DMER follow-up; client knows to get in touch if episodes return.";

export const CLIENT_NOTES = [
  "Discussed hydration and rest before feeds.",
  "Partner now takes one night feed so the client can sleep.",
  "Client prefers text reminders for follow-ups.",
  "Shared DMER reading material; client found it reassuring.",
  "Client keeps a paper log and sends a photo of it weekly.",
  "Talked about what to say to family about DMER.",
] as const;

export const CLIENT_NOTES_PUMPING = [
  "Pumps at work twice a day; episodes mostly at the first session.",
  "Discussed a pumping plan for the return to work.",
] as const;

export const CLIENT_NOTES_SEVERE = [
  "Client finds the episodes hard to bear; agreed on weekly contact.",
  "Discussed the options if episodes stay this strong, including weaning.",
] as const;

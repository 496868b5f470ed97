import type {
  DysphoriaType,
  EpisodeContext,
  EpisodeSource,
  FeedingMethod,
  Impact,
  InterventionKind,
  LetDown,
  Outcome,
  Role,
} from "@wave/shared";
import type { CourseProfile } from "./courses.js";

// Rows exactly as they are inserted, with concrete types (Date, not
// Date | string) so that plans can be compared and inspected in tests.

export interface PracticeRow {
  id: string;
  name: string;
  phone: string | null;
  crisis_line: string | null;
  created_at: Date;
}

/** A user before the password hash is added at insert time. */
export interface StaffRow {
  practice_id: string;
  id: string;
  email: string;
  name: string;
  role: Role;
  created_at: Date;
}

export interface ClientRow {
  practice_id: string;
  id: string;
  primary_consultant_id: string;
  display_name: string;
  baby_birth_date: string;
  feeding_method: FeedingMethod;
  considering_weaning: boolean;
  status: "active" | "discharged";
  created_at: Date;
  updated_at: Date;
  discharged_at: Date | null;
}

export interface EpisodeRow {
  practice_id: string;
  id: string;
  client_id: string;
  occurred_at: Date;
  recorded_at: Date;
  source: EpisodeSource;
  recorded_by: string | null;
  context: EpisodeContext | null;
  let_down: LetDown;
  duration_seconds: number | null;
  types: DysphoriaType[];
  intensity: number;
  rated_after_education: boolean | null;
  impact: Impact | null;
  self_harm_thoughts: boolean;
  notes: string | null;
}

export interface InterventionRow {
  practice_id: string;
  id: string;
  client_id: string;
  kind: InterventionKind;
  started_at: Date;
  ended_at: Date | null;
  details: string | null;
  recorded_by: string;
  created_at: Date;
}

export interface OutcomeRow {
  practice_id: string;
  id: string;
  intervention_id: string;
  assessed_at: Date;
  outcome: Outcome;
  notes: string | null;
  recorded_by: string;
  created_at: Date;
}

export interface ScreeningRow {
  practice_id: string;
  id: string;
  client_id: string;
  instrument: "epds";
  taken_at: Date;
  answers: number[];
  total: number;
  item10: number;
  recorded_by: string;
  created_at: Date;
}

export interface FollowUpRow {
  practice_id: string;
  id: string;
  client_id: string;
  due_at: Date;
  completed_at: Date | null;
  completed_by: string | null;
  /** Every seeded completed follow-up reached the client. */
  outcome: "reached" | null;
  contact: "phone" | "video" | "in_person" | null;
  notes: string | null;
  created_by: string;
  created_at: Date;
}

export interface NoteRow {
  practice_id: string;
  id: string;
  client_id: string;
  author_id: string;
  body: string;
  created_at: Date;
}

/** A report of thoughts of self-harm, and whether a follow-up has happened since. */
export interface SelfHarmPlan {
  status: "urgent" | "followed_up";
  channel: "episode" | "epds";
}

export interface ClientPlan {
  client: ClientRow;
  /** The course the client was drawn from: what the tests check the data against. */
  profile: CourseProfile;
  selfHarm: SelfHarmPlan | null;
  episodes: EpisodeRow[];
  interventions: InterventionRow[];
  outcomes: OutcomeRow[];
  screenings: ScreeningRow[];
  followUps: FollowUpRow[];
  notes: NoteRow[];
}

export interface PracticePlan {
  practice: PracticeRow;
  staff: StaffRow[];
  clients: ClientPlan[];
}

export interface SeedSummary {
  practices: number;
  users: number;
  clients: number;
  episodes: number;
  interventions: number;
  outcomes: number;
  screenings: number;
  followUps: number;
  notes: number;
}

import type { ColumnType, Generated, Insertable, Selectable } from "kysely";
import type {
  AlertSource,
  ClientStatus,
  DysphoriaType,
  EpisodeContext,
  EpisodeSource,
  FeedingMethod,
  FollowUpContact,
  FollowUpOutcome,
  Impact,
  InterventionKind,
  LetDown,
  Outcome,
  Role,
} from "@wave/shared";

// The database as Kysely sees it. Columns the database fills are Generated;
// timestamps read as Date and are written as Date or ISO strings; `date`
// columns read as YYYY-MM-DD strings (the connection sets that parser).
// Columns holding a wire value are typed with the shared enum (@wave/shared),
// the one place its values are listed; the migrations' check constraints
// freeze them in SQL. schema-columns.ts mirrors this file for the test that
// compares it with the migrated database.
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Version = ColumnType<number, number | undefined, number>;
/**
 * The client's primary consultant, copied onto each row under the client for
 * row-level security (migration 2026-12-01T0005): the database sets it on
 * every insert and moves it with the client, so the application never writes it.
 */
type RowConsultant = ColumnType<string, never, never>;

export interface PracticesTable {
  id: Generated<string>;
  name: string;
  /** Shown on the client's self-report page; leads set it. */
  phone: ColumnType<string | null, string | null | undefined, string | null>;
  /** Where the client's page sends someone to get help now; null: "your local emergency number". */
  crisis_line: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
}

export interface UsersTable {
  practice_id: string;
  id: Generated<string>;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  must_change_password: Generated<boolean>;
  deactivated_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface SessionsTable {
  practice_id: string;
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  created_at: CreatedAt;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  expires_at: Timestamp;
  /** The browser's own description, at most 200 characters; null for sessions from before it was kept. */
  user_agent: string | null;
}

/** rate-limiter-flexible's counters (migrations 2026-12-01T0003 and T0004); keys are hashes. */
export interface SignInAttemptsTable {
  key: string;
  points: number;
  expire: number | null;
}

export interface ClientsTable {
  practice_id: string;
  id: Generated<string>;
  primary_consultant_id: string;
  display_name: string;
  baby_birth_date: string;
  feeding_method: FeedingMethod;
  considering_weaning: Generated<boolean>;
  status: Generated<ClientStatus>;
  next_follow_up_at: ColumnType<Date | null, never, never>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  discharged_at: Timestamp | null;
  version: Version;
}

export interface EpisodesTable {
  practice_id: string;
  id: string;
  client_id: string;
  occurred_at: Timestamp;
  recorded_at: ColumnType<Date, Date | string | undefined, never>;
  source: EpisodeSource;
  recorded_by: string | null;
  context: EpisodeContext | null;
  let_down: ColumnType<LetDown, LetDown | undefined>;
  duration_seconds: number | null;
  types: DysphoriaType[];
  intensity: number;
  rated_after_education: boolean | null;
  impact: Impact | null;
  self_harm_thoughts: ColumnType<boolean, boolean | undefined>;
  notes: string | null;
  version: Version;
  /** The self-report link that sent it (source 'client' only); null for everything else. */
  self_report_link_id: ColumnType<string | null, string | null | undefined, never>;
  consultant_id: RowConsultant;
}

export interface InterventionsTable {
  practice_id: string;
  id: string;
  client_id: string;
  kind: InterventionKind;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  details: string | null;
  recorded_by: string;
  created_at: CreatedAt;
  version: Version;
  consultant_id: RowConsultant;
}

export interface InterventionOutcomesTable {
  practice_id: string;
  id: Generated<string>;
  intervention_id: string;
  assessed_at: Timestamp;
  outcome: Outcome;
  notes: string | null;
  recorded_by: string;
  created_at: CreatedAt;
  consultant_id: RowConsultant;
}

export interface ScreeningsTable {
  practice_id: string;
  id: string;
  client_id: string;
  instrument: "epds";
  taken_at: Timestamp;
  answers: number[];
  total: number;
  item10: number;
  source: ColumnType<EpisodeSource, EpisodeSource | undefined, never>;
  /** Null exactly when the client sent it through a link. */
  recorded_by: string | null;
  self_report_link_id: ColumnType<string | null, string | null | undefined, never>;
  created_at: CreatedAt;
  consultant_id: RowConsultant;
}

export interface FollowUpsTable {
  practice_id: string;
  id: Generated<string>;
  client_id: string;
  due_at: Timestamp;
  completed_at: Timestamp | null;
  completed_by: string | null;
  notes: string | null;
  created_by: string;
  created_at: CreatedAt;
  outcome: FollowUpOutcome | null;
  contact: FollowUpContact | null;
  completion_id: string | null;
  consultant_id: RowConsultant;
}

export interface SafetyAlertsTable {
  practice_id: string;
  id: Generated<string>;
  client_id: string;
  source: AlertSource;
  source_id: string;
  reported_at: Timestamp;
  raised_at: ColumnType<Date, Date | string | undefined, never>;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
  resolved_at: Timestamp | null;
  resolved_by: string | null;
  resolving_follow_up_id: string | null;
  consultant_id: RowConsultant;
}

/**
 * What the caseload ranks a client by, kept by triggers in each write's
 * transaction (db/src/migrations/2026-12-01T0006_client-summaries.ts); the
 * application only reads it.
 */
export interface ClientSummariesTable {
  practice_id: ColumnType<string, never, never>;
  client_id: ColumnType<string, never, never>;
  consultant_id: ColumnType<string, never, never>;
  latest_epds_total: ColumnType<number | null, never, never>;
  latest_epds_at: ColumnType<Date | null, never, never>;
  open_alerts: ColumnType<number, never, never>;
  windows_at: ColumnType<Date, never, never>;
  windows_stale_at: ColumnType<Date | null, never, never>;
  last_episode_at: ColumnType<Date | null, never, never>;
  last_weaning_at: ColumnType<Date | null, never, never>;
  episodes_7d: ColumnType<number, never, never>;
  episodes_30d: ColumnType<number, never, never>;
  intensity_sum_30d: ColumnType<number, never, never>;
  recent_count: ColumnType<number, never, never>;
  recent_sum: ColumnType<number, never, never>;
  previous_count: ColumnType<number, never, never>;
  previous_sum: ColumnType<number, never, never>;
}

/** A client's private link for reporting (docs/decisions/0021); only the token's hash is kept. */
export interface SelfReportLinksTable {
  practice_id: string;
  id: Generated<string>;
  client_id: string;
  token_hash: string;
  created_by: string;
  created_at: CreatedAt;
  expires_at: ColumnType<Date, Date | string, never>;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
  last_used_at: Timestamp | null;
  consultant_id: RowConsultant;
}

/**
 * Which practice a self-report link's token belongs to: what a public call,
 * which knows only its token, reads first (docs/decisions/0032). Written
 * with the link, never changed.
 */
export interface SelfReportLinkTokensTable {
  token_hash: string;
  practice_id: string;
}

/** "Ask for an EPDS": at most one open (unfulfilled) request per client. */
export interface EpdsRequestsTable {
  practice_id: string;
  id: Generated<string>;
  client_id: string;
  requested_by: string;
  requested_at: ColumnType<Date, Date | string | undefined, never>;
  fulfilled_at: Timestamp | null;
  screening_id: string | null;
  consultant_id: RowConsultant;
}

export interface NotesTable {
  practice_id: string;
  id: Generated<string>;
  client_id: string;
  author_id: string;
  body: string;
  created_at: CreatedAt;
  consultant_id: RowConsultant;
}

export interface AuditLogTable {
  practice_id: string;
  /** A bigint sequence (read as a number): the log's order. */
  id: Generated<number>;
  at: CreatedAt;
  actor_id: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
}

// Derived tables for the lead's analytics (migration 2026-12-01T0007): written
// only by triggers, read only by leads (docs/decisions/0028-practice-aggregates.md).
type Derived<T> = ColumnType<T, never, never>;

export interface AnalyticsClientWeeksTable {
  practice_id: Derived<string>;
  /** Monday 00:00 UTC. */
  week_start: Derived<Date>;
  client_id: Derived<string>;
  episodes: Derived<number>;
  intensity_sum: Derived<number>;
}

export interface AnalyticsClientRecordedDaysTable {
  practice_id: Derived<string>;
  /** The UTC day the episodes were recorded. */
  day: Derived<string>;
  client_id: Derived<string>;
  episodes: Derived<number>;
}

export interface AnalyticsInterventionEffectsTable {
  practice_id: Derived<string>;
  intervention_id: Derived<string>;
  client_id: Derived<string>;
  kind: Derived<InterventionKind>;
  started_at: Derived<Date>;
  before_count: Derived<number>;
  before_sum: Derived<number>;
  after_count: Derived<number>;
  after_sum: Derived<number>;
  latest_outcome: Derived<Outcome | null>;
}

export interface AnalyticsClientDaysTable {
  practice_id: Derived<string>;
  client_id: Derived<string>;
  /** The UTC day the episodes occurred. */
  day: Derived<string>;
  episodes: Derived<number>;
  intensity_sum: Derived<number>;
}

export interface AnalyticsClientCourseTable {
  practice_id: Derived<string>;
  client_id: Derived<string>;
  first_episode_at: Derived<Date>;
  /** Episodes, and their intensity sum, in the 336 hours from the first. */
  initial_episodes: Derived<number>;
  initial_sum: Derived<number>;
}

export interface Database {
  practices: PracticesTable;
  users: UsersTable;
  sessions: SessionsTable;
  clients: ClientsTable;
  episodes: EpisodesTable;
  interventions: InterventionsTable;
  intervention_outcomes: InterventionOutcomesTable;
  screenings: ScreeningsTable;
  follow_ups: FollowUpsTable;
  safety_alerts: SafetyAlertsTable;
  client_summaries: ClientSummariesTable;
  notes: NotesTable;
  audit_log: AuditLogTable;
  sign_in_attempts: SignInAttemptsTable;
  self_report_links: SelfReportLinksTable;
  self_report_link_tokens: SelfReportLinkTokensTable;
  epds_requests: EpdsRequestsTable;
  self_report_counts: SignInAttemptsTable;
  analytics_client_weeks: AnalyticsClientWeeksTable;
  analytics_client_recorded_days: AnalyticsClientRecordedDaysTable;
  analytics_intervention_effects: AnalyticsInterventionEffectsTable;
  analytics_client_days: AnalyticsClientDaysTable;
  analytics_client_course: AnalyticsClientCourseTable;
}

export type UserRow = Selectable<UsersTable>;
export type ClientRow = Selectable<ClientsTable>;
export type NewEpisode = Insertable<EpisodesTable>;

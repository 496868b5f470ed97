import type { SelectType } from "kysely";
import type { Database } from "./schema.js";

// schema.ts at run time: every table and column of the Database type with
// the Postgres type it must have (information_schema's udt_name) and whether
// it may be null. TypeScript's types are erased at run time, so this mirror
// is what db/src/schema.int.test.ts compares with the migrated database; the
// `satisfies` below makes the compiler refuse a mirror that leaves out a
// column of schema.ts, names one it lacks, or disagrees with its type or
// nullability. Together: a migration and schema.ts cannot drift apart.

/** What each Postgres type reads as in TypeScript (the connection's parsers). */
interface ReadsAs {
  uuid: string;
  text: string;
  varchar: string;
  int2: number;
  int4: number;
  int8: number;
  bool: boolean;
  timestamptz: Date;
  date: string;
  jsonb: Record<string, unknown>;
  _text: string[];
  _int2: number[];
}
export type PgType = keyof ReadsAs;

/** The Postgres types a column read as `T` may have; "| null" exactly when `T` admits null. */
type ColumnSpec<T> = { [K in PgType]: NonNullable<T> extends ReadsAs[K] ? K : never }[PgType] extends infer Type extends string
  ? null extends T
    ? `${Type} | null`
    : Type
  : never;

type TableSpec<Table> = { readonly [Column in keyof Table]-?: ColumnSpec<SelectType<Table[Column]>> };

export const SCHEMA_COLUMNS = {
  practices: { id: "uuid", name: "text", phone: "text | null", crisis_line: "text | null", created_at: "timestamptz" },
  users: {
    practice_id: "uuid",
    id: "uuid",
    email: "text",
    name: "text",
    role: "text",
    password_hash: "text",
    must_change_password: "bool",
    deactivated_at: "timestamptz | null",
    created_at: "timestamptz",
  },
  sessions: {
    practice_id: "uuid",
    id: "uuid",
    user_id: "uuid",
    token_hash: "text",
    created_at: "timestamptz",
    last_seen_at: "timestamptz",
    expires_at: "timestamptz",
    user_agent: "text | null",
  },
  clients: {
    practice_id: "uuid",
    id: "uuid",
    primary_consultant_id: "uuid",
    display_name: "text",
    baby_birth_date: "date",
    feeding_method: "text",
    considering_weaning: "bool",
    status: "text",
    next_follow_up_at: "timestamptz | null",
    created_at: "timestamptz",
    updated_at: "timestamptz",
    discharged_at: "timestamptz | null",
    version: "int4",
  },
  episodes: {
    practice_id: "uuid",
    id: "uuid",
    client_id: "uuid",
    occurred_at: "timestamptz",
    recorded_at: "timestamptz",
    source: "text",
    recorded_by: "uuid | null",
    context: "text | null",
    let_down: "text",
    duration_seconds: "int4 | null",
    types: "_text",
    intensity: "int2",
    rated_after_education: "bool | null",
    impact: "text | null",
    self_harm_thoughts: "bool",
    notes: "text | null",
    version: "int4",
    self_report_link_id: "uuid | null",
    consultant_id: "uuid",
  },
  interventions: {
    practice_id: "uuid",
    id: "uuid",
    client_id: "uuid",
    kind: "text",
    started_at: "timestamptz",
    ended_at: "timestamptz | null",
    details: "text | null",
    recorded_by: "uuid",
    created_at: "timestamptz",
    version: "int4",
    consultant_id: "uuid",
  },
  intervention_outcomes: {
    practice_id: "uuid",
    id: "uuid",
    intervention_id: "uuid",
    assessed_at: "timestamptz",
    outcome: "text",
    notes: "text | null",
    recorded_by: "uuid",
    created_at: "timestamptz",
    consultant_id: "uuid",
  },
  screenings: {
    practice_id: "uuid",
    id: "uuid",
    client_id: "uuid",
    instrument: "text",
    taken_at: "timestamptz",
    answers: "_int2",
    total: "int2",
    item10: "int2",
    source: "text",
    recorded_by: "uuid | null",
    self_report_link_id: "uuid | null",
    created_at: "timestamptz",
    consultant_id: "uuid",
  },
  follow_ups: {
    practice_id: "uuid",
    id: "uuid",
    client_id: "uuid",
    due_at: "timestamptz",
    completed_at: "timestamptz | null",
    completed_by: "uuid | null",
    notes: "text | null",
    created_by: "uuid",
    created_at: "timestamptz",
    outcome: "text | null",
    contact: "text | null",
    completion_id: "uuid | null",
    consultant_id: "uuid",
  },
  safety_alerts: {
    practice_id: "uuid",
    id: "uuid",
    client_id: "uuid",
    source: "text",
    source_id: "uuid",
    reported_at: "timestamptz",
    raised_at: "timestamptz",
    acknowledged_at: "timestamptz | null",
    acknowledged_by: "uuid | null",
    resolved_at: "timestamptz | null",
    resolved_by: "uuid | null",
    resolving_follow_up_id: "uuid | null",
    consultant_id: "uuid",
  },
  notes: {
    practice_id: "uuid",
    id: "uuid",
    client_id: "uuid",
    author_id: "uuid",
    body: "text",
    created_at: "timestamptz",
    consultant_id: "uuid",
  },
  client_summaries: {
    practice_id: "uuid",
    client_id: "uuid",
    consultant_id: "uuid",
    latest_epds_total: "int2 | null",
    latest_epds_at: "timestamptz | null",
    open_alerts: "int4",
    windows_at: "timestamptz",
    windows_stale_at: "timestamptz | null",
    last_episode_at: "timestamptz | null",
    last_weaning_at: "timestamptz | null",
    episodes_7d: "int4",
    episodes_30d: "int4",
    intensity_sum_30d: "int4",
    recent_count: "int4",
    recent_sum: "int4",
    previous_count: "int4",
    previous_sum: "int4",
  },
  audit_log: {
    practice_id: "uuid",
    id: "int8",
    at: "timestamptz",
    actor_id: "uuid | null",
    action: "text",
    entity: "text",
    entity_id: "uuid | null",
    details: "jsonb",
  },
  sign_in_attempts: { key: "varchar", points: "int4", expire: "int8 | null" },
  self_report_links: {
    practice_id: "uuid",
    id: "uuid",
    client_id: "uuid",
    token_hash: "text",
    created_by: "uuid",
    created_at: "timestamptz",
    expires_at: "timestamptz",
    revoked_at: "timestamptz | null",
    revoked_by: "uuid | null",
    last_used_at: "timestamptz | null",
    consultant_id: "uuid",
  },
  self_report_link_tokens: { token_hash: "text", practice_id: "uuid" },
  epds_requests: {
    practice_id: "uuid",
    id: "uuid",
    client_id: "uuid",
    requested_by: "uuid",
    requested_at: "timestamptz",
    fulfilled_at: "timestamptz | null",
    screening_id: "uuid | null",
    consultant_id: "uuid",
  },
  self_report_counts: { key: "varchar", points: "int4", expire: "int8 | null" },
  analytics_client_weeks: { practice_id: "uuid", week_start: "timestamptz", client_id: "uuid", episodes: "int4", intensity_sum: "int4" },
  analytics_client_recorded_days: { practice_id: "uuid", day: "date", client_id: "uuid", episodes: "int4" },
  analytics_intervention_effects: {
    practice_id: "uuid",
    intervention_id: "uuid",
    client_id: "uuid",
    kind: "text",
    started_at: "timestamptz",
    before_count: "int4",
    before_sum: "int4",
    after_count: "int4",
    after_sum: "int4",
    latest_outcome: "text | null",
  },
  analytics_client_days: { practice_id: "uuid", client_id: "uuid", day: "date", episodes: "int4", intensity_sum: "int4" },
  analytics_client_course: {
    practice_id: "uuid",
    client_id: "uuid",
    first_episode_at: "timestamptz",
    initial_episodes: "int4",
    initial_sum: "int4",
  },
} as const satisfies { readonly [Table in keyof Database]: TableSpec<Database[Table]> };

import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../schema.js";
import { summarizePlan } from "./plan.js";
import type { PracticePlan, SeedSummary } from "./types.js";

/**
 * Rows per INSERT. Each column travels as one text array, so a statement has
 * as many parameters as its table has columns, however many rows it carries.
 */
const ROWS_PER_INSERT = 5000;

/**
 * How a plan is loaded (docs/decisions/0033-seed-bulk-load.md):
 * - "bulk": the transaction's triggers are off (session_replication_role =
 *   replica, which needs a superuser); the seed writes every column a trigger
 *   would have, then rebuilds the practice's derived tables once with the
 *   database's own functions. Falls back to "triggered" where the setting is
 *   refused.
 * - "triggered": every trigger fires as for the app's own writes.
 */
export type LoadPath = "bulk" | "triggered";

export interface InsertPlanOptions {
  /** Default "bulk". */
  path?: LoadPath;
}

/** A planned value as Postgres's text input for its column's type; arrays as array literals. */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `{${value.map((item) => `"${String(asText(item)).replace(/[\\"]/g, "\\$&")}"`).join(",")}}`;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new TypeError(`the seed cannot write a ${typeof value} value`);
}

/** Each column's type as the catalog names it, to cast the text arrays back. */
async function columnTypes(tx: Transaction<Database>, table: string): Promise<Map<string, string>> {
  const result = await sql<{ name: string; type: string }>`
    select attname as name, format_type(atttypid, atttypmod) as type from pg_attribute
     where attrelid = ${table}::regclass and attnum > 0 and not attisdropped
  `.execute(tx);
  return new Map(result.rows.map((row) => [row.name, row.type]));
}

/**
 * INSERT ... SELECT FROM unnest(text arrays): one parameter per column, so
 * Postgres parses a few arrays instead of thousands of placeholders, which
 * made multi-row VALUES the bulk of a triggerless load. Text input keeps
 * both drivers (pg, PGlite) out of serializing typed arrays.
 *
 * consultant_id is the app's never to choose (its trigger overwrites it), so
 * schema.ts forbids writing it; the seed writes the value the trigger would,
 * which the bulk path needs with triggers off. Hence untyped rows here.
 */
async function insertRows(tx: Transaction<Database>, table: string, rows: readonly object[]): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const types = await columnTypes(tx, table);
  const names = sql.join(columns.map((column) => sql.ref(column)));
  const typed = columns.map((column) => {
    const type = types.get(column);
    if (!type) throw new Error(`${table} has no column ${column}`);
    return sql`${sql.ref(`r.${column}`)}::${sql.raw(type)}`;
  });
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const chunk = rows.slice(start, start + ROWS_PER_INSERT) as Record<string, unknown>[];
    const arrays = columns.map((column) => sql`${chunk.map((row) => asText(row[column]))}::text[]`);
    await sql`
      insert into ${sql.table(table)} (${names})
      select ${sql.join(typed)} from unnest(${sql.join(arrays)}) as r(${names})
    `.execute(tx);
  }
}

/** Set once the fallback has been announced, so a 20-practice seed says it once. */
let fallbackAnnounced = false;

/**
 * Turns this transaction's triggers off (foreign keys included: they are
 * triggers too). Only a superuser may; for any other owner the attempt is
 * undone by its savepoint and the load keeps its triggers.
 */
async function bypassTriggers(tx: Transaction<Database>): Promise<boolean> {
  await sql`savepoint wave_seed_bulk`.execute(tx);
  try {
    await sql`set local session_replication_role = replica`.execute(tx);
    await sql`release savepoint wave_seed_bulk`.execute(tx);
    return true;
  } catch {
    await sql`rollback to savepoint wave_seed_bulk`.execute(tx);
    if (!fallbackAnnounced) {
      fallbackAnnounced = true;
      console.warn(
        "seed: this database user may not set session_replication_role (superuser only), so the seed loads with every trigger firing, which is slower",
      );
    }
    return false;
  }
}

/**
 * Writes one practice in one transaction, so a failed seed leaves nothing
 * half-made. `db` must be the table owner: row-level security would refuse
 * inserts that span a whole practice.
 */
export async function insertPlan(
  db: Kysely<Database>,
  plan: PracticePlan,
  passwordHash: string,
  options: InsertPlanOptions = {},
): Promise<SeedSummary> {
  await db.transaction().execute((tx) => loadPlan(tx, plan, passwordHash, options));
  return summarizePlan(plan);
}

/**
 * insertPlan's body, inside the caller's transaction (tests load two plans in
 * one, so both see the same now()). Returns the path it took.
 */
export async function loadPlan(
  tx: Transaction<Database>,
  plan: PracticePlan,
  passwordHash: string,
  options: InsertPlanOptions = {},
): Promise<LoadPath> {
  const bulk = (options.path ?? "bulk") === "bulk" && (await bypassTriggers(tx));
  const consultantOf = new Map(plan.clients.map(({ client }) => [client.id, client.primary_consultant_id]));
  const interventionConsultant = new Map<string, string>();
  const underClient = <T extends { client_id: string }>(row: T): T & { consultant_id: string } => {
    const consultant_id = consultantOf.get(row.client_id);
    if (consultant_id === undefined) throw new Error("a planned row names a client outside its plan");
    return { ...row, consultant_id };
  };
  const all = <T>(pick: (client: PracticePlan["clients"][number]) => readonly T[]): T[] =>
    plan.clients.flatMap((client) => pick(client));

  await insertRows(tx, "practices", [plan.practice]);
  await insertRows(tx, "users", plan.staff.map((member) => ({ ...member, password_hash: passwordHash })));
  await insertRows(tx, "clients", all((client) => [client.client]));
  await insertRows(tx, "episodes", all((client) => client.episodes).map(underClient));
  const interventions = all((client) => client.interventions).map(underClient);
  for (const row of interventions) interventionConsultant.set(row.id, row.consultant_id);
  await insertRows(tx, "interventions", interventions);
  const outcomes = all((client) => client.outcomes).map((row) => {
    const consultant_id = interventionConsultant.get(row.intervention_id);
    if (consultant_id === undefined) throw new Error("a planned outcome names an intervention outside its plan");
    return { ...row, consultant_id };
  });
  await insertRows(tx, "intervention_outcomes", outcomes);
  await insertRows(tx, "screenings", all((client) => client.screenings).map(underClient));
  // Triggered, the follow_ups trigger keeps clients.next_follow_up_at in step, row by row.
  await insertRows(tx, "follow_ups", all((client) => client.followUps).map(underClient));
  await insertRows(tx, "notes", all((client) => client.notes).map(underClient));
  await deriveSafetyAlerts(tx, plan.practice.id);
  if (!bulk) return "triggered";

  await deriveWithoutTriggers(tx, plan.practice.id);
  // The caller's transaction may write more after this (tests do): with its triggers.
  await sql`set local session_replication_role = origin`.execute(tx);
  return "bulk";
}

/**
 * Each seeded report of self-harm gets the safety alert the app would have
 * raised: resolved by the first follow-up completed after it, else open.
 */
async function deriveSafetyAlerts(db: Kysely<Database>, practiceId: string): Promise<void> {
  await sql`
    with reports as (
      select e.practice_id, e.client_id,
             case when e.source = 'client' then 'self_report' else 'episode' end as source,
             e.id as source_id, e.occurred_at as reported_at, greatest(e.occurred_at, e.recorded_at) as raised_at
        from episodes e where e.practice_id = ${practiceId} and e.self_harm_thoughts
      union all
      select s.practice_id, s.client_id, 'epds', s.id, s.taken_at, greatest(s.taken_at, s.created_at)
        from screenings s where s.practice_id = ${practiceId} and s.item10 > 0
    )
    insert into safety_alerts (practice_id, client_id, consultant_id, source, source_id, reported_at, raised_at,
                               acknowledged_at, acknowledged_by, resolved_at, resolved_by, resolving_follow_up_id)
    select r.practice_id, r.client_id, c.primary_consultant_id, r.source, r.source_id, r.reported_at, r.raised_at,
           f.completed_at, f.completed_by, f.completed_at, f.completed_by, f.id
      from reports r
      join clients c on c.practice_id = r.practice_id and c.id = r.client_id
      left join lateral (
        select f.id, f.completed_at, f.completed_by from follow_ups f
         where f.practice_id = r.practice_id and f.client_id = r.client_id
           and f.completed_at > r.raised_at and f.outcome = 'reached'
         order by f.completed_at limit 1
      ) f on true
  `.execute(db);
}

/**
 * What the triggers of an insert would have derived, once for the whole
 * practice. Every trigger an insert fires (the migrations' full list):
 * - *_set_consultant (2026-12-01T0005): consultant_id, written with the rows;
 * - follow_ups_refresh_next (2026-11-26T0000): clients.next_follow_up_at, below,
 *   by the trigger's own rule (the earliest open follow-up);
 * - client_summaries_after_insert (2026-12-01T0006): wave_client_summaries_refresh
 *   as of now(), as the triggers compute it;
 * - analytics_* (2026-12-01T0007): wave_analytics_rebuild, the incremental
 *   triggers' oracle;
 * - *_notify_insert, *_notify_link_insert (2026-12-01T0001, T0004): live
 *   notifications, skipped: no screen shows a practice that did not exist;
 * - the foreign keys' checks: the plan is consistent by construction, and the
 *   triggered path, which checks them, loads the same plans in the tests.
 * clients_move_rows and the update triggers fire on no insert.
 */
async function deriveWithoutTriggers(db: Kysely<Database>, practiceId: string): Promise<void> {
  await sql`
    update clients c set next_follow_up_at = f.next
      from (select client_id, min(due_at) as next from follow_ups
             where practice_id = ${practiceId} and completed_at is null group by client_id) f
     where c.practice_id = ${practiceId} and c.id = f.client_id
  `.execute(db);
  await sql`
    select wave_client_summaries_refresh(array_agg(practice_id), array_agg(id), now())
      from clients where practice_id = ${practiceId}
  `.execute(db);
  await sql`select wave_analytics_rebuild(${practiceId}::uuid)`.execute(db);
}

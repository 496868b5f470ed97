import { sql, type Kysely } from "kysely";
import type { Database } from "../schema.js";
import { summarizePlan } from "./plan.js";
import type { PracticePlan, SeedSummary } from "./types.js";

/**
 * Bind parameters per INSERT. Postgres allows 65535; staying far below keeps
 * statements a manageable size for embedded Postgres too.
 */
const MAX_PARAMETERS_PER_INSERT = 20_000;
const MAX_ROWS_PER_INSERT = 1000;

async function inChunks<T extends object>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first).length;
  const size = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS_PER_INSERT / columns)));
  for (let start = 0; start < rows.length; start += size) await insert(rows.slice(start, start + size));
}

/**
 * Writes one practice in one transaction, so a failed seed leaves nothing
 * half-made. `db` must be the table owner: row-level security would refuse
 * inserts that span a whole practice.
 */
export async function insertPlan(db: Kysely<Database>, plan: PracticePlan, passwordHash: string): Promise<SeedSummary> {
  const all = <T>(pick: (client: PracticePlan["clients"][number]) => readonly T[]): T[] =>
    plan.clients.flatMap((client) => pick(client));
  await db.transaction().execute(async (tx) => {
    await tx.insertInto("practices").values(plan.practice).execute();
    const users = plan.staff.map((member) => ({ ...member, password_hash: passwordHash }));
    await inChunks(users, (chunk) => tx.insertInto("users").values(chunk).execute());
    await inChunks(all((client) => [client.client]), (chunk) => tx.insertInto("clients").values(chunk).execute());
    await inChunks(all((client) => client.episodes), (chunk) => tx.insertInto("episodes").values(chunk).execute());
    await inChunks(all((client) => client.interventions), (chunk) =>
      tx.insertInto("interventions").values(chunk).execute(),
    );
    await inChunks(all((client) => client.outcomes), (chunk) =>
      tx.insertInto("intervention_outcomes").values(chunk).execute(),
    );
    await inChunks(all((client) => client.screenings), (chunk) => tx.insertInto("screenings").values(chunk).execute());
    // The follow_ups trigger keeps clients.next_follow_up_at in step.
    await inChunks(all((client) => client.followUps), (chunk) => tx.insertInto("follow_ups").values(chunk).execute());
    await inChunks(all((client) => client.notes), (chunk) => tx.insertInto("notes").values(chunk).execute());
    await deriveSafetyAlerts(tx, plan.practice.id);
  });
  return summarizePlan(plan);
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
    insert into safety_alerts (practice_id, client_id, source, source_id, reported_at, raised_at,
                               acknowledged_at, acknowledged_by, resolved_at, resolved_by, resolving_follow_up_id)
    select r.practice_id, r.client_id, r.source, r.source_id, r.reported_at, r.raised_at,
           f.completed_at, f.completed_by, f.completed_at, f.completed_by, f.id
      from reports r
      left join lateral (
        select f.id, f.completed_at, f.completed_by from follow_ups f
         where f.practice_id = r.practice_id and f.client_id = r.client_id
           and f.completed_at > r.raised_at and f.outcome = 'reached'
         order by f.completed_at limit 1
      ) f on true
  `.execute(db);
}

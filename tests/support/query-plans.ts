import { CompiledQuery, type Kysely } from "kysely";
import { APP_ROLE, type Database, type ExecutedQuery } from "@wave/db";

// Replays the statements a procedure ran under EXPLAIN, each inside a
// transaction set up exactly as the app set up the one it ran in: the same
// set_config values (the role among them), replayed first. What a
// plan test asserts, and what docs/decisions/0027 measured, come from here.

/** A plan node of EXPLAIN (FORMAT JSON), with the fields the assertions read. */
export interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Parent Relationship"?: string;
  "Subplan Name"?: string;
  Filter?: string;
  Plans?: PlanNode[];
  [field: string]: unknown;
}

/** One statement of a procedure, with the set-up statements of its transaction before it. */
export interface ReplayableStatement {
  setUp: ExecutedQuery[];
  statement: ExecutedQuery;
}

const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback|start transaction|savepoint|release)\b/i;
/** How db/src/transaction.ts sets a transaction up: one set_config select with the role, the identity and the limits. */
const SET_UP = /^\s*(set local\b|select set_config\()/i;

/** A set-up statement that takes the application role (db/src/transaction.ts: set_config('role', $n, true)). */
export function setsApplicationRole(setUp: ExecutedQuery): boolean {
  const position = /set_config\('role', \$(\d+), true\)/i.exec(setUp.sql)?.[1];
  return position !== undefined && setUp.parameters[Number(position) - 1] === APP_ROLE;
}

/**
 * Splits what a procedure ran into the statements that do its work, each
 * paired with the set-up statements of the transaction it ran in.
 */
export function replayableStatements(executed: readonly ExecutedQuery[]): ReplayableStatement[] {
  const statements: ReplayableStatement[] = [];
  let setUp: ExecutedQuery[] = [];
  for (const query of executed) {
    if (/^\s*begin\b/i.test(query.sql)) setUp = [];
    if (TRANSACTION_CONTROL.test(query.sql)) continue;
    if (SET_UP.test(query.sql)) setUp.push(query);
    else statements.push({ setUp: [...setUp], statement: query });
  }
  return statements;
}

export interface ExplainOptions {
  /** EXPLAIN ANALYZE with BUFFERS: runs the statement (in a transaction that is rolled back). */
  analyze?: boolean;
  /**
   * Replays the set-up, then drops the application role (`set local role
   * none`): the statement as the connecting owner, who bypasses row-level
   * security (a superuser in tests), so the plan is the same SQL with no
   * policy applied.
   */
  withoutRowLevelSecurity?: boolean;
}

class RolledBack extends Error {}

/**
 * The statement's plan tree, planned (or run) with the values it ran with.
 * Under `analyze` the root also carries `executionTime` and `planningTime` (ms).
 */
export async function explain(db: Kysely<Database>, replay: ReplayableStatement, options: ExplainOptions = {}): Promise<PlanNode> {
  const explainOptions = options.analyze ? "analyze, buffers, format json" : "format json";
  let plan: PlanNode | undefined;
  try {
    await db.transaction().execute(async (tx) => {
      for (const setUp of replay.setUp) await tx.executeQuery(CompiledQuery.raw(setUp.sql, [...setUp.parameters]));
      if (options.withoutRowLevelSecurity) await tx.executeQuery(CompiledQuery.raw("set local role none"));
      const result = await tx.executeQuery<{ "QUERY PLAN": unknown }>(
        CompiledQuery.raw(`explain (${explainOptions}) ${replay.statement.sql}`, [...replay.statement.parameters]),
      );
      plan = parsePlan(result.rows[0]?.["QUERY PLAN"]);
      // Never keep what an analysed write did.
      throw new RolledBack();
    });
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
  if (!plan) throw new Error("EXPLAIN returned no plan");
  return plan;
}

export interface ExplainedPlan {
  Plan: PlanNode;
  "Execution Time"?: number;
  "Planning Time"?: number;
}

/** EXPLAIN's JSON arrives as text from one driver and parsed from the other. */
function parsePlan(raw: unknown): PlanNode {
  const parsed: unknown = typeof raw === "string" ? JSON.parse(raw) : raw;
  const first = Array.isArray(parsed) ? (parsed[0] as ExplainedPlan | undefined) : undefined;
  if (!first?.Plan) throw new Error("EXPLAIN returned no plan");
  return Object.assign(first.Plan, { executionTime: first["Execution Time"], planningTime: first["Planning Time"] });
}

/** Every node of the tree, the root first. */
export function planNodes(root: PlanNode): PlanNode[] {
  return [root, ...(root.Plans ?? []).flatMap((child) => planNodes(child))];
}

/**
 * The subplans re-run once per outer row (Postgres' "SubPlan"; an "InitPlan"
 * runs once per statement and is not one), each named by the tables it
 * reads, sorted: "clients", "episodes+users".
 */
export function perRowSubplans(root: PlanNode): string[] {
  return planNodes(root)
    .filter((node) => node["Parent Relationship"] === "SubPlan")
    .map((node) =>
      [...new Set(planNodes(node).flatMap((inner) => (inner["Relation Name"] ? [inner["Relation Name"]] : [])))].sort().join("+"),
    )
    .sort();
}

/** What `perRowSubplans(withPolicies)` has that `perRowSubplans(withoutPolicies)` does not: the policies' own. */
export function subplansAddedByPolicies(withPolicies: PlanNode, withoutPolicies: PlanNode): string[] {
  const remaining = [...perRowSubplans(withoutPolicies)];
  const added: string[] = [];
  for (const subplan of perRowSubplans(withPolicies)) {
    const index = remaining.indexOf(subplan);
    if (index >= 0) remaining.splice(index, 1);
    else added.push(subplan);
  }
  return added;
}

/** Sequential scans of `table`, parallel ones included. */
export function sequentialScansOf(root: PlanNode, table: string): PlanNode[] {
  return planNodes(root).filter((node) => node["Node Type"] === "Seq Scan" && node["Relation Name"] === table);
}

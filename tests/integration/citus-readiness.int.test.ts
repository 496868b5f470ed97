import { CompiledQuery, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExecutedQuery, WaveDatabase } from "@wave/db";
import { createTestPractice, openTestDatabase, testEpisode, TEST_PASSWORD, type TestPractice } from "@wave/db/testing";
import { signedInCaller } from "@wave/server/testing";
import { HOT_PROCEDURES, linkHolderOf } from "../support/hot-procedures";

// Issue 12, "past one machine": the schema distributes on Citus by
// practice_id (docs/scaling.md). Citus is not in this machine's package
// sources, so readiness is proven from the catalog after every migration and
// from the SQL the hot procedures really run:
// - a distributed table's primary key and every unique constraint or index
//   include practice_id (Citus enforces uniqueness only within a shard);
// - a foreign key between distributed tables maps practice_id to practice_id
//   (colocated); a reference table never points at a distributed one;
// - every statement of a hot procedure pins each distributed table it reads
//   or writes to the caller's practice, explicitly, not only through
//   row-level security: that is what makes Citus route it to one shard.

/**
 * Replicated to every node: small, read across practices by what identifies
 * a request before its practice is known (an email at sign-in, a session's
 * or a self-report link's token hash), and the home of the distribution key
 * itself (practices: every distributed table's practice_id points at it,
 * which Citus allows from a distributed table to a reference table).
 */
const REFERENCE_TABLES = ["practices", "users", "sessions", "self_report_link_tokens"];

/**
 * Kept on the coordinator only, never distributed or replicated: no
 * practice, written on every counted attempt (a reference table would write
 * every node each time), or the migrator's own bookkeeping.
 */
const COORDINATOR_TABLES = ["kysely_migration", "kysely_migration_lock", "sign_in_attempts", "self_report_counts"];

let database: WaveDatabase;
let recording: ExecutedQuery[] | null = null;
let practice: TestPractice;

beforeAll(async () => {
  // Opened so that every statement executed is seen.
  database = await openTestDatabase({ onQuery: (query) => recording?.push(query) });
  practice = await createTestPractice(database.db, "Citus");
  // Enough history for every procedure to run each of its statements.
  const episodes = practice.clients.flat().flatMap((clientId, index) =>
    Array.from({ length: 6 }, (_, day) =>
      testEpisode(practice.practiceId, clientId, { occurred_at: new Date(Date.now() - (day * 5 + index) * 86_400_000), intensity: 3 + day }),
    ),
  );
  await database.db.insertInto("episodes").values(episodes).execute();
});

afterAll(async () => {
  await database.close();
});

interface Catalog {
  tables: { name: string; hasPracticeId: boolean }[];
  keys: { table: string; name: string; kind: "primary" | "unique"; columns: string[] }[];
  foreignKeys: { table: string; name: string; columns: string[]; references: string; referencedColumns: string[] }[];
}

async function readCatalog(): Promise<Catalog> {
  const tables = await sql<{ name: string; has_practice_id: boolean }>`
    select c.relname as name,
           exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'practice_id' and not a.attisdropped) as has_practice_id
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p')`.execute(database.db);
  // Unique indexes cover unique constraints and primary keys; partial and expression ones too.
  const keys = await sql<{ table: string; name: string; is_primary: boolean; columns: string[] }>`
    select t.relname as table, i.relname as name, x.indisprimary as is_primary,
           array(select a.attname::text from unnest(x.indkey) with ordinality k(attnum, position)
                   join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum order by k.position) as columns
      from pg_index x
      join pg_class i on i.oid = x.indexrelid
      join pg_class t on t.oid = x.indrelid
      join pg_namespace n on n.oid = t.relnamespace
     where n.nspname = 'public' and x.indisunique`.execute(database.db);
  const foreignKeys = await sql<{ table: string; name: string; columns: string[]; references: string; referenced_columns: string[] }>`
    select t.relname as table, c.conname as name, r.relname as references,
           array(select a.attname::text from unnest(c.conkey) with ordinality k(attnum, position)
                   join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum order by k.position) as columns,
           array(select a.attname::text from unnest(c.confkey) with ordinality k(attnum, position)
                   join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum order by k.position) as referenced_columns
      from pg_constraint c
      join pg_class t on t.oid = c.conrelid
      join pg_class r on r.oid = c.confrelid
      join pg_namespace n on n.oid = t.relnamespace
     where n.nspname = 'public' and c.contype = 'f'`.execute(database.db);
  return {
    tables: tables.rows.map((row) => ({ name: row.name, hasPracticeId: row.has_practice_id })),
    keys: keys.rows.map((row) => ({ table: row.table, name: row.name, kind: row.is_primary ? "primary" : "unique", columns: row.columns })),
    foreignKeys: foreignKeys.rows.map((row) => ({
      table: row.table,
      name: row.name,
      columns: row.columns,
      references: row.references,
      referencedColumns: row.referenced_columns,
    })),
  };
}

/** Every table with a practice_id that is not a reference table: the ones Citus distributes by it. */
function distributedTables(catalog: Catalog): Set<string> {
  return new Set(catalog.tables.filter((table) => table.hasPracticeId && !REFERENCE_TABLES.includes(table.name)).map((table) => table.name));
}

describe("the schema, as Citus would distribute it by practice_id", () => {
  it("places every table: distributed by practice_id, a reference table, or the coordinator's own", async () => {
    const catalog = await readCatalog();
    const unplaced = catalog.tables
      .filter((table) => !table.hasPracticeId && !REFERENCE_TABLES.includes(table.name) && !COORDINATOR_TABLES.includes(table.name))
      .map((table) => `${table.name} has no practice_id: distribute it, or list it as a reference or coordinator table`);
    expect(unplaced).toEqual([]);
    // The lists name tables that exist, and a coordinator table never holds a practice's rows.
    const names = new Set(catalog.tables.map((table) => table.name));
    expect([...REFERENCE_TABLES, ...COORDINATOR_TABLES].filter((name) => !names.has(name))).toEqual([]);
    expect(catalog.tables.filter((table) => table.hasPracticeId && COORDINATOR_TABLES.includes(table.name))).toEqual([]);
    expect(distributedTables(catalog).size).toBeGreaterThanOrEqual(10);
  });

  it("keys every distributed table by practice_id: the primary key, every unique index, every foreign key between them", async () => {
    const catalog = await readCatalog();
    const distributed = distributedTables(catalog);
    const gaps: string[] = [];
    for (const table of distributed) {
      if (!catalog.keys.some((key) => key.table === table && key.kind === "primary")) gaps.push(`${table}: no primary key`);
    }
    for (const key of catalog.keys.filter((key) => distributed.has(key.table) && !key.columns.includes("practice_id"))) {
      gaps.push(`${key.table}: ${key.kind} ${key.name} (${key.columns.join(", ")}) lacks practice_id`);
    }
    for (const foreignKey of catalog.foreignKeys) {
      const from = distributed.has(foreignKey.table);
      const to = distributed.has(foreignKey.references);
      const describe = `${foreignKey.table}: foreign key ${foreignKey.name} (${foreignKey.columns.join(", ")}) -> ${foreignKey.references}`;
      if (from && to) {
        // Colocated: the rows it joins are on one shard, so practice_id must map to practice_id.
        const position = foreignKey.columns.indexOf("practice_id");
        if (position < 0 || foreignKey.referencedColumns[position] !== "practice_id") gaps.push(`${describe} does not map practice_id to practice_id`);
      } else if (!from && to) {
        gaps.push(`${describe}: a reference or coordinator table may not point at a distributed table`);
      }
    }
    // No exception: a public self-report call finds its practice in
    // self_report_link_tokens (a reference table) before it reads its link.
    expect(gaps.sort()).toEqual([]);
  });
});

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  Alias?: string;
  Operation?: string;
  Plans?: PlanNode[];
  [condition: string]: unknown;
}

const SCAN_CONDITIONS = ["Index Cond", "Recheck Cond", "Filter", "TID Cond"];
const JOIN_CONDITIONS = ["Hash Cond", "Merge Cond", "Join Filter"];

function conditionsOf(node: PlanNode, keys: string[]): string[] {
  return keys.flatMap((key) => (typeof node[key] === "string" ? [node[key]] : []));
}

/** A bitmap heap scan's index conditions sit on the bitmap index scans below it. */
function ownConditions(node: PlanNode): string[] {
  const own = conditionsOf(node, SCAN_CONDITIONS);
  if (node["Node Type"] !== "Bitmap Heap Scan") return own;
  const bitmaps = (n: PlanNode): string[] => [...conditionsOf(n, ["Index Cond"]), ...(n.Plans ?? []).flatMap(bitmaps)];
  return [...own, ...(node.Plans ?? []).flatMap(bitmaps)];
}

interface StatementFinding {
  /** Distributed tables the statement touches without pinning them to a practice. */
  unpinned: string[];
  touchesDistributed: boolean;
  anchored: boolean;
}

/** Every scan's alias, and the table it reads. */
function aliasesOf(plan: PlanNode): Map<string, string> {
  const aliases = new Map<string, string>();
  const visit = (node: PlanNode) => {
    if (node["Relation Name"]) aliases.set(node.Alias ?? node["Relation Name"], node["Relation Name"]);
    for (const child of node.Plans ?? []) visit(child);
  };
  visit(plan);
  return aliases;
}

/**
 * Whether `condition` ties the table scanned as `alias` to one practice: its
 * practice_id equals the practice itself, or another distributed table's
 * practice_id (a colocated join). A join on practice_id to a reference table
 * (users) pins nothing: a reference table is on every shard.
 */
function pins(condition: string, alias: string, distributedAliases: Set<string>, practiceId: string): boolean {
  const own = `(?:\\b${alias}\\.|[(\\s]|^)practice_id`;
  if (new RegExp(`${own} = '${practiceId}'::uuid`).test(condition)) return true;
  // $n: a value the outer plan passes in (a lateral's min/max turned into an
  // init plan), which here is always a joined table's practice_id.
  if (new RegExp(`${own} = \\$\\d+\\b`).test(condition)) return true;
  for (const match of condition.matchAll(/(?:\b(\w+)\.)?practice_id = (?:\b(\w+)\.)?practice_id\b/g)) {
    const left = match[1] ?? alias;
    const right = match[2] ?? alias;
    if (left === alias && right !== alias && distributedAliases.has(right)) return true;
    if (right === alias && left !== alias && distributedAliases.has(left)) return true;
  }
  return false;
}

/**
 * Reads a plan made as the table owner, past row-level security, so only the
 * statement's own conditions show. Postgres carries `c.practice_id = <the
 * practice>` to every table joined to it on practice_id (equivalence
 * classes). Citus's router asks much the same: each distributed table
 * constrained on practice_id, by the practice or by a join on practice_id to
 * another distributed table, and the practice itself named as a constant
 * somewhere in the statement.
 */
function readPlan(plan: PlanNode, statement: string, distributed: Set<string>, practiceId: string): StatementFinding {
  const finding: StatementFinding = { unpinned: [], touchesDistributed: false, anchored: false };
  const aliases = aliasesOf(plan);
  const distributedAliases = new Set([...aliases].filter(([, relation]) => distributed.has(relation)).map(([alias]) => alias));
  const constant = new RegExp(`practice_id = '${practiceId}'::uuid`);
  const visit = (node: PlanNode, joinConditions: string[]) => {
    const relation = node["Relation Name"];
    const own = ownConditions(node);
    if ([...own, ...conditionsOf(node, JOIN_CONDITIONS)].some((condition) => constant.test(condition))) finding.anchored = true;
    if (relation && distributed.has(relation)) {
      finding.touchesDistributed = true;
      if (node["Node Type"] === "ModifyTable") {
        // An insert's rows carry their practice in the column list; an update's or delete's scan is checked below.
        if (node.Operation === "Insert") {
          const columns = new RegExp(`insert into "?${relation}"? \\(([^)]*)\\)`, "i").exec(statement)?.[1] ?? "";
          if (/\bpractice_id\b/.test(columns)) finding.anchored = true;
          else finding.unpinned.push(`${relation} (insert without practice_id)`);
        }
      } else if (node["Node Type"].endsWith("Scan")) {
        const alias = node.Alias ?? relation;
        if (![...own, ...joinConditions].some((condition) => pins(condition, alias, distributedAliases, practiceId))) finding.unpinned.push(relation);
      }
    }
    const below = [...joinConditions, ...conditionsOf(node, JOIN_CONDITIONS)];
    for (const child of node.Plans ?? []) visit(child, below);
  };
  visit(plan, []);
  return finding;
}

interface RecordedTransaction {
  setUp: ExecutedQuery[];
  work: ExecutedQuery[];
}

/** Transactions as recorded: the set-up of each and the statements it ran (one outside any transaction is its own). */
function transactionsOf(statements: ExecutedQuery[]): RecordedTransaction[] {
  const transactions: RecordedTransaction[] = [];
  let current: RecordedTransaction | null = null;
  for (const statement of statements) {
    const text = statement.sql.trim().toLowerCase();
    if (text === "begin" || text.startsWith("start transaction")) {
      current = { setUp: [], work: [] };
      transactions.push(current);
    } else if (text === "commit" || text === "rollback") {
      current = null;
    } else if (text.startsWith("select set_config(")) {
      current?.setUp.push(statement);
    } else if (current) {
      current.work.push(statement);
    } else {
      transactions.push({ setUp: [], work: [statement] });
    }
  }
  return transactions;
}

async function planOf(setUp: ExecutedQuery[], statement: ExecutedQuery): Promise<PlanNode> {
  return database.db.transaction().execute(async (tx) => {
    for (const step of setUp) await tx.executeQuery(CompiledQuery.raw(step.sql, [...step.parameters]));
    // The set-up took the application role: the plans are read as the owner, past row-level security.
    await tx.executeQuery(CompiledQuery.raw("set local role none"));
    const { rows } = await tx.executeQuery<{ "QUERY PLAN": unknown }>(
      CompiledQuery.raw(`explain (format json) ${statement.sql}`, [...statement.parameters]),
    );
    const raw = rows[0]?.["QUERY PLAN"];
    const parsed = (typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
    const plan = parsed[0]?.Plan;
    if (!plan) throw new Error(`no plan for: ${statement.sql}`);
    return plan;
  });
}

describe("the hot procedures' SQL, as Citus would route it", () => {
  it("pins every distributed table each statement reads or writes to the caller's practice", async () => {
    const catalog = await readCatalog();
    const distributed = distributedTables(catalog);
    const consultant = await signedInCaller(database.db, practice.consultants[0].email, TEST_PASSWORD);
    const clientId = practice.clients[0][0];
    const fixture = {
      consultant,
      lead: await signedInCaller(database.db, practice.lead.email, TEST_PASSWORD),
      clientId,
      ...(await linkHolderOf(database.db, consultant, clientId)),
    };

    const failures = new Map<string, string>();
    let statementsRead = 0;
    for (const procedure of HOT_PROCEDURES) {
      recording = [];
      await procedure.call(fixture);
      const statements = recording;
      recording = null;
      for (const { setUp, work } of transactionsOf(statements)) {
        for (const statement of work) {
          const finding = readPlan(await planOf(setUp, statement), statement.sql, distributed, practice.practiceId);
          statementsRead += 1;
          const where = `${statement.sql.replace(/\s+/g, " ").slice(0, 160)}...`;
          for (const table of finding.unpinned) failures.set(`${procedure.name}: ${table}`, `read without practice_id in its conditions: ${where}`);
          if (finding.touchesDistributed && !finding.anchored) {
            failures.set(`${procedure.name}: (no table names the practice)`, `no condition names the caller's practice as a constant: ${where}`);
          }
        }
      }
    }

    // The measure works: the calls ran statements, and the plans were read.
    expect(statementsRead).toBeGreaterThan(HOT_PROCEDURES.length);
    expect([...failures].map(([key, why]) => `${key} ${why}`)).toEqual([]);
  });
});

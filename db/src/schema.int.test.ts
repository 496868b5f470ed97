import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WaveDatabase } from "./connection.js";
import { SCHEMA_COLUMNS } from "./schema-columns.js";
import { openTestDatabase } from "./testing.js";

// The migrated database against schema.ts (through its run-time mirror,
// schema-columns.ts): a migration that adds, drops, retypes or relaxes a
// column without schema.ts following fails here, on both engines.

/** Kysely's own bookkeeping, not part of Wave's schema. */
const MIGRATOR_TABLES = new Set(["kysely_migration", "kysely_migration_lock"]);

let database: WaveDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

async function migratedColumns(): Promise<Record<string, Record<string, string>>> {
  const result = await sql<{ table_name: string; column_name: string; udt_name: string; is_nullable: "YES" | "NO" }>`
    select c.table_name, c.column_name, c.udt_name, c.is_nullable
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position
  `.execute(database.db);
  const tables: Record<string, Record<string, string>> = {};
  for (const row of result.rows) {
    if (MIGRATOR_TABLES.has(row.table_name)) continue;
    (tables[row.table_name] ??= {})[row.column_name] = row.is_nullable === "YES" ? `${row.udt_name} | null` : row.udt_name;
  }
  return tables;
}

describe("db/src/schema.ts", () => {
  it("names every table and column the migrations create, with its type and nullability, and nothing else", async () => {
    const inDatabase = await migratedColumns();
    // Sorted both sides, so a failure's diff lists exactly the tables and columns that differ.
    const sorted = (tables: Record<string, Readonly<Record<string, string>>>) =>
      Object.fromEntries(
        Object.keys(tables)
          .sort()
          .map((table) => [table, Object.fromEntries(Object.entries(tables[table] ?? {}).sort(([a], [b]) => a.localeCompare(b)))]),
      );
    expect(sorted(SCHEMA_COLUMNS)).toEqual(sorted(inDatabase));
  });
});

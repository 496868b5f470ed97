import { readFileSync } from "node:fs";
import { CompiledQuery } from "kysely";
import { openServerDatabase } from "@wave/db";
import { createStackFloorApp, type StackReplay, type StatementRunner } from "./stack-floor-app.js";

// The stack floor's process (docs/decisions/0038), started by the bench as it
// starts the app server: a process of its own, so its CPU competes with
// Postgres and the load tool exactly as the app server's does.
//   DATABASE_URL          the bench database
//   PORT                  where to listen, on loopback
//   STACK_FLOOR_REPLAYS   a JSON file of StackReplay[]

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const replays = JSON.parse(readFileSync(required("STACK_FLOOR_REPLAYS"), "utf8")) as StackReplay[];
// The app's own pool settings, type parsers and prepared statements (db/src/connection.ts).
const database = openServerDatabase({ connectionString: required("DATABASE_URL") });

/** The captured statements (begin and commit among them) on one pooled connection through Kysely's executor, as a request pins one. */
const run: StatementRunner = (statements) =>
  database.db.connection().execute(async (connection) => {
    try {
      for (const statement of statements) await connection.executeQuery(CompiledQuery.raw(statement.sql, [...statement.parameters]));
    } catch (error) {
      await connection.executeQuery(CompiledQuery.raw("rollback")).catch(() => undefined);
      throw error;
    }
  });

const server = createStackFloorApp(replays, run).listen(Number(required("PORT")), "127.0.0.1");
process.once("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  void database.close().finally(() => process.exit(0));
});

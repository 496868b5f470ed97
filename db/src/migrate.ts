import { Migrator, type Migration, type MigrationProvider, type Kysely } from "kysely";
import type { Database } from "./schema.js";
import * as initialSchema from "./migrations/2026-11-26T0000_initial-schema.js";
import * as rowLevelSecurity from "./migrations/2026-11-26T0001_row-level-security.js";
import * as safetyAlerts from "./migrations/2026-12-01T0000_safety-alerts.js";
import * as liveNotifications from "./migrations/2026-12-01T0001_live-notifications.js";
import * as sessionRevocation from "./migrations/2026-12-01T0002_session-revocation.js";
import * as signInLimits from "./migrations/2026-12-01T0003_sign-in-limits.js";
import * as selfReport from "./migrations/2026-12-01T0004_self-report.js";
import * as rlsOneCheckPerStatement from "./migrations/2026-12-01T0005_rls-one-check-per-statement.js";
import * as clientSummaries from "./migrations/2026-12-01T0006_client-summaries.js";
import * as practiceAggregates from "./migrations/2026-12-01T0007_practice-aggregates.js";
import * as selfReportLinkTokens from "./migrations/2026-12-01T0008_self-report-link-tokens.js";
import * as sessionHolderReadsOwnUser from "./migrations/2026-12-02T0009_session-holder-reads-own-user.js";

// Listed explicitly rather than read from disk so the same code runs from
// source, from a bundle and in tests; names sort by their date prefix.
const migrations: Record<string, Migration> = {
  "2026-11-26T0000_initial-schema": initialSchema,
  "2026-11-26T0001_row-level-security": rowLevelSecurity,
  "2026-12-01T0000_safety-alerts": safetyAlerts,
  "2026-12-01T0001_live-notifications": liveNotifications,
  "2026-12-01T0002_session-revocation": sessionRevocation,
  "2026-12-01T0003_sign-in-limits": signInLimits,
  "2026-12-01T0004_self-report": selfReport,
  "2026-12-01T0005_rls-one-check-per-statement": rlsOneCheckPerStatement,
  "2026-12-01T0006_client-summaries": clientSummaries,
  "2026-12-01T0007_practice-aggregates": practiceAggregates,
  "2026-12-01T0008_self-report-link-tokens": selfReportLinkTokens,
  "2026-12-02T0009_session-holder-reads-own-user": sessionHolderReadsOwnUser,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

export function createMigrator(db: Kysely<Database>): Migrator {
  return new Migrator({ db, provider });
}

/** Applies pending migrations; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const { error, results } = await createMigrator(db).migrateToLatest();
  const failed = results?.find((result) => result.status === "Error");
  if (error) {
    const reason = error instanceof Error ? error.message : JSON.stringify(error);
    throw new Error(`Migration ${failed?.migrationName ?? "(unknown)"} failed: ${reason}`, { cause: error });
  }
  return (results ?? []).filter((result) => result.status === "Success").map((result) => result.migrationName);
}

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { migrateToLatest, openEmbeddedDatabase, openServerDatabase } from "@wave/db";
import { createServerDatabase, dropServerDatabase, TEST_ENV } from "@wave/db/testing";

/**
 * Builds the integration suite's database once per run, from the real
 * migrations. With TEST_DATABASE_URL: a fresh database on that server,
 * dropped afterwards. Without: a migrated embedded Postgres dumped to a
 * file that each test file loads as its own private copy.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `wave_test_${randomBytes(6).toString("hex")}`;
    const url = await createServerDatabase(serverUrl, name);
    const database = openServerDatabase({ connectionString: url });
    await migrateToLatest(database.db);
    await database.close();
    process.env[TEST_ENV.serverUrl] = url;
    return () => dropServerDatabase(serverUrl, name);
  }

  const directory = mkdtempSync(path.join(tmpdir(), "wave-test-"));
  const database = await openEmbeddedDatabase();
  await migrateToLatest(database.db);
  if (!database.dumpDataDir) throw new Error("embedded database cannot be dumped");
  const dump = Buffer.from(await (await database.dumpDataDir()).arrayBuffer());
  await database.close();
  const templatePath = path.join(directory, "template.tar");
  writeFileSync(templatePath, dump);
  process.env[TEST_ENV.templatePath] = templatePath;
  return () => {
    rmSync(directory, { recursive: true, force: true });
    return Promise.resolve();
  };
}

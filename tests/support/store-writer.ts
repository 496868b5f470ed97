import { openDatabase } from "@wave/db";
import { testEpisode } from "@wave/db/testing";

// A child process for tests/integration/embedded-store.int.test.ts: opens the
// store the way every Wave process does (DATABASE_URL, else DATA_DIR), says
// `ready <pid>`, then inserts episodes one after another and prints
// `ack <id>` after each commit, until it is killed. Stdout to a pipe is
// synchronous on Linux, so a printed id has left the process.
const practiceId = process.env.WRITER_PRACTICE_ID;
const clientId = process.env.WRITER_CLIENT_ID;
const dataDir = process.env.DATA_DIR;
if (!practiceId || !clientId || (!dataDir && !process.env.DATABASE_URL)) {
  throw new Error("store-writer needs WRITER_PRACTICE_ID, WRITER_CLIENT_ID and DATA_DIR or DATABASE_URL");
}

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: dataDir ?? "" });
process.stdout.write(`ready ${process.pid}\n`);
for (;;) {
  const episode = testEpisode(practiceId, clientId);
  await database.db.insertInto("episodes").values(episode).execute();
  process.stdout.write(`ack ${episode.id}\n`);
  // PGlite answers through promises alone: without a turn of the event loop
  // between writes, no signal (SIGTERM) would ever be handled.
  await new Promise((resolve) => setImmediate(resolve));
}

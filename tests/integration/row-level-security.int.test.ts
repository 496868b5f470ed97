import { createHash, randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openServerDatabase, withActor, withCredential, type Actor, type WaveDatabase } from "@wave/db";
import { createTestPractice, createTestSelfReportLink, openTestDatabase, TEST_ENV, testEpisode, type TestPractice } from "@wave/db/testing";

// The database half of "enforced twice": queries run as the application role
// with one user's identity must not reach another's rows, with no help from
// the procedures.
let database: WaveDatabase;
let practice: TestPractice;
let otherPractice: TestPractice;

const actorOf = (user: { id: string; practiceId: string; role: "consultant" | "lead" }): Actor => ({
  userId: user.id,
  practiceId: user.practiceId,
  role: user.role,
});

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "RLS");
  otherPractice = await createTestPractice(database.db, "RLS other");
  for (const clientId of [...practice.clients[0], ...practice.clients[1]]) {
    await database.db.insertInto("episodes").values(testEpisode(practice.practiceId, clientId)).execute();
  }
  // Rows in the self-report tables too, so the checks below have something there to protect.
  const link = { practiceId: practice.practiceId, clientId: practice.clients[0][0], createdBy: practice.consultants[0].id };
  await createTestSelfReportLink(database.db, link);
  await database.db
    .insertInto("epds_requests")
    .values({ practice_id: practice.practiceId, client_id: link.clientId, requested_by: link.createdBy })
    .execute();
});
afterAll(() => database.close());

describe("row-level security, at the database alone", () => {
  it("runs application queries as a role that owns no table and cannot bypass RLS", async () => {
    const role = await withActor(database.db, actorOf(practice.lead), (tx) =>
      sql<{ user: string; bypass: boolean; superuser: boolean }>`
        select current_user as user, rolbypassrls as bypass, rolsuper as superuser
        from pg_roles where rolname = current_user`.execute(tx),
    );
    expect(role.rows[0]).toEqual({ user: "wave_app", bypass: false, superuser: false });
    const owned = await sql<{ count: number }>`
      select count(*)::int as count from pg_tables where schemaname = 'public' and tableowner = 'wave_app'`.execute(database.db);
    expect(owned.rows[0]?.count).toBe(0);
  });

  it("shows a consultant only their own clients and their episodes", async () => {
    const emily = actorOf(practice.consultants[0]);
    const { clients, episodes } = await withActor(database.db, emily, async (tx) => ({
      clients: await tx.selectFrom("clients").select("id").execute(),
      episodes: await tx.selectFrom("episodes").select("client_id").execute(),
    }));
    expect(clients.map((row) => row.id).sort()).toEqual([...practice.clients[0]].sort());
    expect(new Set(episodes.map((row) => row.client_id))).toEqual(new Set(practice.clients[0]));
  });

  it("returns no rows of another consultant's client even when asked by id", async () => {
    const emily = actorOf(practice.consultants[0]);
    const colleagueClient = practice.clients[1][0];
    const rows = await withActor(database.db, emily, async (tx) => [
      ...(await tx.selectFrom("clients").select("id").where("id", "=", colleagueClient).execute()),
      ...(await tx.selectFrom("episodes").select("id").where("client_id", "=", colleagueClient).execute()),
    ]);
    expect(rows).toEqual([]);
  });

  it("shows a lead nothing of another practice", async () => {
    const otherLead = actorOf(otherPractice.lead);
    const seen = await withActor(database.db, otherLead, async (tx) => ({
      clients: await tx.selectFrom("clients").select("practice_id").execute(),
      episodes: await tx.selectFrom("episodes").select("practice_id").execute(),
      users: await tx.selectFrom("users").select("practice_id").execute(),
      practices: await tx.selectFrom("practices").select("id").execute(),
    }));
    expect(seen.clients.every((row) => row.practice_id === otherPractice.practiceId)).toBe(true);
    expect(seen.clients).toHaveLength(4);
    expect(seen.episodes).toEqual([]);
    expect(seen.users.every((row) => row.practice_id === otherPractice.practiceId)).toBe(true);
    expect(seen.practices).toEqual([{ id: otherPractice.practiceId }]);
  });

  it("refuses to insert an episode into another practice's client", async () => {
    const otherLead = actorOf(otherPractice.lead);
    const attempt = withActor(database.db, otherLead, (tx) =>
      tx.insertInto("episodes").values(testEpisode(practice.practiceId, practice.clients[0][0])).execute(),
    );
    await expect(attempt).rejects.toThrow(/row-level security/);
  });

  it("refuses to insert an episode for a colleague's client within the practice", async () => {
    const emily = actorOf(practice.consultants[0]);
    const attempt = withActor(database.db, emily, (tx) =>
      tx.insertInto("episodes").values(testEpisode(practice.practiceId, practice.clients[1][0])).execute(),
    );
    await expect(attempt).rejects.toThrow(/row-level security/);
  });

  it("refuses to move a client into another practice or to a colleague", async () => {
    const emily = actorOf(practice.consultants[0]);
    const attempt = withActor(database.db, emily, (tx) =>
      tx
        .updateTable("clients")
        .set({ primary_consultant_id: practice.consultants[1].id })
        .where("id", "=", practice.clients[0][0])
        .execute(),
    );
    await expect(attempt).rejects.toThrow(/row-level security/);
  });

  it("sees nothing at all without an identity", async () => {
    const rows = await database.db.transaction().execute(async (tx) => {
      await sql`set local role wave_app`.execute(tx);
      return tx.selectFrom("clients").select("id").execute();
    });
    expect(rows).toEqual([]);
  });

  it("shows a session's token its own user and its practice, and no other user or practice", async () => {
    const user = practice.consultants[0];
    const tokenHash = createHash("sha256").update(randomUUID()).digest("hex");
    await database.db
      .insertInto("sessions")
      .values({ practice_id: user.practiceId, user_id: user.id, token_hash: tokenHash, expires_at: new Date(Date.now() + 3_600_000) })
      .execute();
    const seenWith = (sessionTokenHash: string) =>
      withCredential(database.db, { sessionTokenHash }, async (tx) => ({
        users: (await tx.selectFrom("users").select("id").execute()).map((row) => row.id),
        practices: (await tx.selectFrom("practices").select("id").execute()).map((row) => row.id),
      }));
    expect(await seenWith(tokenHash)).toEqual({ users: [user.id], practices: [user.practiceId] });
    expect(await seenWith(createHash("sha256").update("no such session").digest("hex"))).toEqual({ users: [], practices: [] });
  });

  it("keeps the audit log append-only for the application", async () => {
    const lead = actorOf(practice.lead);
    await withActor(database.db, lead, (tx) =>
      tx
        .insertInto("audit_log")
        .values({ practice_id: practice.practiceId, actor_id: practice.lead.id, action: "test.append", entity: "test" })
        .execute(),
    );
    await expect(withActor(database.db, lead, (tx) => tx.deleteFrom("audit_log").execute())).rejects.toThrow(/permission denied/);
    await expect(
      withActor(database.db, lead, (tx) => tx.updateTable("audit_log").set({ action: "tampered" }).execute()),
    ).rejects.toThrow(/permission denied/);
  });
});

/** Every table that holds a practice's rows, from the catalogue: a new table is covered the day it is created. */
async function practiceTables(): Promise<string[]> {
  const result = await sql<{ table: string }>`
    select table_name as table from information_schema.columns
    where table_schema = 'public' and column_name = 'practice_id' order by table_name`.execute(database.db);
  return result.rows.map((row) => row.table);
}

/** Rows of `table` belonging to `practiceId`, as the table owner sees them (past RLS). */
async function ownerCount(table: string, practiceId: string): Promise<number> {
  const result = await sql<{ count: number }>`
    select count(*)::int as count from ${sql.table(table)} where practice_id = ${practiceId}`.execute(database.db);
  return result.rows[0]?.count ?? 0;
}

describe("row-level security on every practice table", () => {
  it("forces row-level security on every table with a practice_id", async () => {
    const tables = await practiceTables();
    expect(tables).toEqual(expect.arrayContaining(["clients", "episodes", "safety_alerts", "audit_log"]));
    const result = await sql<{ table: string; enabled: boolean; forced: boolean }>`
      select relname as table, relrowsecurity as enabled, relforcerowsecurity as forced
      from pg_class where relnamespace = 'public'::regnamespace and relname = any(${tables})`.execute(database.db);
    expect(result.rows.filter((row) => !row.enabled || !row.forced)).toEqual([]);
    expect(result.rows).toHaveLength(tables.length);
  });

  it("lets a lead of another practice select, update or delete none of this practice's rows, in any table", async () => {
    const tables = await practiceTables();
    const stranger = actorOf(otherPractice.lead);
    const withRows: string[] = [];
    for (const table of tables) {
      const stored = await ownerCount(table, practice.practiceId);
      if (stored === 0) continue;
      withRows.push(table);
      const seen = await withActor(database.db, stranger, (tx) =>
        sql<{ count: number }>`select count(*)::int as count from ${sql.table(table)} where practice_id = ${practice.practiceId}`.execute(tx),
      );
      expect({ table, seen: seen.rows[0]?.count }).toEqual({ table, seen: 0 });
      for (const statement of [
        sql`update ${sql.table(table)} set practice_id = practice_id where practice_id = ${practice.practiceId}`,
        sql`delete from ${sql.table(table)} where practice_id = ${practice.practiceId}`,
      ]) {
        // Either refused outright (no privilege: audit_log) or allowed to touch no row.
        await withActor(database.db, stranger, (tx) => statement.execute(tx)).catch((error: unknown) => {
          expect({ table, code: (error as { code?: string }).code }).toEqual({ table, code: "42501" });
        });
      }
      expect({ table, stored: await ownerCount(table, practice.practiceId) }).toEqual({ table, stored });
    }
    // The check is only as good as the rows it had to protect.
    expect(withRows).toEqual(expect.arrayContaining(["clients", "episodes", "users", "self_report_links", "epds_requests"]));
  });

  it("lets a consultant of another caseload see none of a colleague's client rows, in any table with a client_id", async () => {
    const tables = await practiceTables();
    const colleague = actorOf(practice.consultants[1]);
    const clientId = practice.clients[0][0];
    const withClient = await sql<{ table: string }>`
      select table_name as table from information_schema.columns
      where table_schema = 'public' and column_name = 'client_id' and table_name = any(${tables})`.execute(database.db);
    for (const { table } of withClient.rows) {
      if (table === "audit_log") continue;
      const seen = await withActor(database.db, colleague, (tx) =>
        sql<{ count: number }>`select count(*)::int as count from ${sql.table(table)} where client_id = ${clientId}`.execute(tx),
      );
      expect({ table, seen: seen.rows[0]?.count }).toEqual({ table, seen: 0 });
    }
  });
});

describe("pooled connections", () => {
  it("never shows one practice's rows to another over a pool of two connections, however the transactions interleave", async () => {
    const serverUrl = process.env[TEST_ENV.serverUrl];
    const pooled = serverUrl ? openServerDatabase({ connectionString: serverUrl, maxConnections: 2 }) : database;
    try {
      const leads = [actorOf(practice.lead), actorOf(otherPractice.lead)];
      const runs = Array.from({ length: 40 }, (_, index) => {
        const actor = leads[index % 2]!;
        return withActor(pooled.db, actor, async (tx) => {
          const first = await tx.selectFrom("clients").select("practice_id").execute();
          await new Promise((done) => setTimeout(done, index % 3));
          const second = await tx.selectFrom("episodes").select("practice_id").execute();
          return { actor, practices: new Set([...first, ...second].map((row) => row.practice_id)) };
        });
      });
      for (const { actor, practices } of await Promise.all(runs)) {
        expect([...practices]).toEqual([actor.practiceId]);
      }
    } finally {
      if (pooled !== database) await pooled.close();
    }
  });
});

/**
 * One row of every kind that hangs off `clientId`, written as the table owner
 * (as the seed writes them): the database fills in each row's consultant.
 */
async function rowsUnderClient(p: TestPractice, clientId: string, author: string): Promise<void> {
  const db = database.db;
  const now = new Date();
  await db.insertInto("episodes").values(testEpisode(p.practiceId, clientId, { self_harm_thoughts: true })).execute();
  const interventionId = randomUUID();
  await db
    .insertInto("interventions")
    .values({ practice_id: p.practiceId, id: interventionId, client_id: clientId, kind: "education", started_at: now, recorded_by: author })
    .execute();
  await db
    .insertInto("intervention_outcomes")
    .values({ practice_id: p.practiceId, intervention_id: interventionId, assessed_at: now, outcome: "improved", recorded_by: author })
    .execute();
  const screeningId = randomUUID();
  await db
    .insertInto("screenings")
    .values({
      practice_id: p.practiceId,
      id: screeningId,
      client_id: clientId,
      instrument: "epds",
      taken_at: now,
      answers: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
      total: 1,
      item10: 1,
      recorded_by: author,
    })
    .execute();
  await db
    .insertInto("safety_alerts")
    .values({ practice_id: p.practiceId, client_id: clientId, source: "epds", source_id: screeningId, reported_at: now })
    .execute();
  await db
    .insertInto("follow_ups")
    .values({ practice_id: p.practiceId, client_id: clientId, due_at: new Date(now.getTime() + 86_400_000), created_by: author })
    .execute();
  await db.insertInto("notes").values({ practice_id: p.practiceId, client_id: clientId, author_id: author, body: "Called." }).execute();
  await createTestSelfReportLink(db, { practiceId: p.practiceId, clientId, createdBy: author });
  await db.insertInto("epds_requests").values({ practice_id: p.practiceId, client_id: clientId, requested_by: author }).execute();
}

/**
 * Tables with rows under a client: the client_id tables from the catalogue,
 * and outcomes (under an intervention). The practice's analytics aggregates
 * are left out: they are the lead's alone (docs/decisions/0028), so no
 * consultant sees them before or after a reassignment.
 */
async function tablesUnderAClient(): Promise<string[]> {
  const result = await sql<{ table: string }>`
    select c.table_name as table from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and c.column_name = 'client_id' and t.table_type = 'BASE TABLE'
      and c.table_name <> 'audit_log' and c.table_name not like 'analytics\_%'
    order by c.table_name`.execute(database.db);
  return [...result.rows.map((row) => row.table), "intervention_outcomes"];
}

/** How many rows under `clientId` each table shows `actor`; outcomes by their interventions' ids, looked up past RLS. */
async function visibleUnderClient(actor: Actor, clientId: string, tables: readonly string[]): Promise<Record<string, number>> {
  const interventionIds = (await database.db.selectFrom("interventions").select("id").where("client_id", "=", clientId).execute()).map(
    (row) => row.id,
  );
  return withActor(database.db, actor, async (tx) => {
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const result =
        table === "intervention_outcomes"
          ? await sql<{ count: number }>`
              select count(*)::int as count from intervention_outcomes where intervention_id = any(${interventionIds}::uuid[])`.execute(tx)
          : await sql<{ count: number }>`select count(*)::int as count from ${sql.table(table)} where client_id = ${clientId}`.execute(tx);
      counts[table] = result.rows[0]?.count ?? 0;
    }
    return counts;
  });
}

describe("each row under a client carries the client's consultant", () => {
  it("moves every row under a client with it when a lead reassigns the client: the old consultant sees none, the new one all", async () => {
    const moving = await createTestPractice(database.db, "RLS reassignment");
    const [before, after] = [actorOf(moving.consultants[0]), actorOf(moving.consultants[1])];
    const clientId = moving.clients[0][0];
    await rowsUnderClient(moving, clientId, moving.consultants[0].id);
    const tables = await tablesUnderAClient();
    expect(tables).toEqual(
      expect.arrayContaining(["episodes", "interventions", "intervention_outcomes", "screenings", "safety_alerts", "follow_ups", "notes"]),
    );
    const everywhere = (count: number) => Object.fromEntries(tables.map((table) => [table, count]));
    expect(await visibleUnderClient(before, clientId, tables)).toEqual(everywhere(1));
    expect(await visibleUnderClient(after, clientId, tables)).toEqual(everywhere(0));

    await withActor(database.db, actorOf(moving.lead), (tx) =>
      tx.updateTable("clients").set({ primary_consultant_id: after.userId }).where("id", "=", clientId).execute(),
    );

    expect(await visibleUnderClient(before, clientId, tables)).toEqual(everywhere(0));
    expect(await visibleUnderClient(after, clientId, tables)).toEqual(everywhere(1));
    expect(await visibleUnderClient(actorOf(moving.lead), clientId, tables)).toEqual(everywhere(1));
  });

  it("leaves the rows where they were when the reassignment rolls back", async () => {
    const moving = await createTestPractice(database.db, "RLS rollback");
    const clientId = moving.clients[0][0];
    await rowsUnderClient(moving, clientId, moving.consultants[0].id);
    const tables = await tablesUnderAClient();
    await expect(
      withActor(database.db, actorOf(moving.lead), async (tx) => {
        await tx.updateTable("clients").set({ primary_consultant_id: moving.consultants[1].id }).where("id", "=", clientId).execute();
        throw new Error("the request failed after the move");
      }),
    ).rejects.toThrow(/after the move/);
    expect(Object.values(await visibleUnderClient(actorOf(moving.consultants[0]), clientId, tables)).every((count) => count === 1)).toBe(true);
  });

  it("refuses a consultant's insert under a colleague's client even when the row names the consultant themself", async () => {
    const emily = actorOf(practice.consultants[0]);
    const colleagueClient = practice.clients[1][0];
    const attempt = withActor(database.db, emily, (tx) =>
      sql`insert into episodes (practice_id, id, client_id, occurred_at, source, types, intensity, consultant_id)
          values (${practice.practiceId}, ${randomUUID()}, ${colleagueClient}, now(), 'client', array['anxiety'], 5, ${emily.userId})`.execute(tx),
    );
    await expect(attempt).rejects.toThrow(/row-level security/);
    const note = withActor(database.db, emily, (tx) =>
      sql`insert into notes (practice_id, client_id, author_id, body, consultant_id)
          values (${practice.practiceId}, ${colleagueClient}, ${emily.userId}, 'Mine now', ${emily.userId})`.execute(tx),
    );
    await expect(note).rejects.toThrow(/row-level security/);
  });

  it("overwrites a forged consultant on insert and on update with the client's own", async () => {
    const [first, second] = practice.consultants;
    const firstsClient = practice.clients[0][1];
    const episodeId = randomUUID();
    // A lead may write anywhere in the practice, so only the database's own copy keeps the row where it belongs.
    await withActor(database.db, actorOf(practice.lead), (tx) =>
      sql`insert into episodes (practice_id, id, client_id, occurred_at, source, types, intensity, consultant_id)
          values (${practice.practiceId}, ${episodeId}, ${firstsClient}, now(), 'client', array['anxiety'], 5, ${second.id})`.execute(tx),
    );
    const stored = async () =>
      (await sql<{ consultant_id: string }>`select consultant_id from episodes where id = ${episodeId}`.execute(database.db)).rows[0]
        ?.consultant_id;
    expect(await stored()).toBe(first.id);
    await withActor(database.db, actorOf(practice.lead), (tx) =>
      sql`update episodes set consultant_id = ${second.id} where id = ${episodeId}`.execute(tx),
    );
    expect(await stored()).toBe(first.id);
    const seenBySecond = await withActor(database.db, actorOf(second), (tx) =>
      tx.selectFrom("episodes").select("id").where("id", "=", episodeId).execute(),
    );
    expect(seenBySecond).toEqual([]);
  });
});

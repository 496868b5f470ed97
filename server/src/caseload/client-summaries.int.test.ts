import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Insertable } from "kysely";
import { withActor, type Actor, type EpisodesTable, type Tx, type WaveDatabase } from "@wave/db";
import { createTestPractice, openTestDatabase, testEpisode, type TestPractice } from "@wave/db/testing";
import { bands, caseloadSortFields, flags, type AlertRef, type CaseloadSortField } from "@wave/shared";
import type { CaseloadFilters } from "./caseload-order-sql.js";
import { matchesFilters, sortCaseload } from "./caseload-reference.js";
import { listCaseloadFactsPage, listClientSummaryFacts, type ClientSummaryFacts } from "./caseload.repository.js";
import { toCaseloadRow } from "./caseload-row.js";
import { refreshLapsedSummaries } from "./summary-refresh.js";

// The client summaries (db/src/migrations/2026-12-01T0006_client-summaries.ts)
// against the full recomputation: random sequences of writes to every table
// the summaries rest on, then the caseload's facts, filters, order and pages
// compared with the pre-summary query over raw episodes and the rules in
// TypeScript, at now (the summaries' fast path), days later (windows lapsed:
// computed from episodes), and after the scheduled refresh has caught up.

const DAY = 24 * 60 * 60 * 1000;
let database: WaveDatabase;
let practice: TestPractice;
let lead: Actor;
let clientIds: string[];
const consultantIds = () => practice.consultants.map((consultant) => consultant.id);

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "Summaries");
  lead = { userId: practice.lead.id, practiceId: practice.practiceId, role: "lead" };
  // More clients than the fixture's four, some with names that differ only in case.
  const extra = ["amara", "Amara", "Beth", "bo", "Zoë", "Zoe", "Ólöf", "Priya"].map((displayName, index) => ({
    practice_id: practice.practiceId,
    id: randomUUID(),
    primary_consultant_id: practice.consultants[index % 2]?.id as string,
    display_name: displayName,
    baby_birth_date: new Date(Date.now() - (index * 9 + 3) * DAY).toISOString().slice(0, 10),
    feeding_method: "nursing" as const,
  }));
  await database.db.insertInto("clients").values(extra).execute();
  clientIds = [...practice.clients.flat(), ...extra.map((client) => client.id)];
});
afterAll(() => database.close());

/** The caseload's facts as they were computed before summaries: straight from the base tables. */
async function recomputedFacts(tx: Tx, now: Date): Promise<ClientSummaryFacts[]> {
  const since = (days: number) => new Date(now.getTime() - days * DAY);
  const result = await sql<{
    client_id: string; display_name: string; consultant_id: string; consultant_name: string;
    consultant_deactivated: boolean; baby_birth_date: string; considering_weaning: boolean;
    status: "active" | "discharged"; next_follow_up_at: Date | null;
    episodes_7d: number; episodes_30d: number; sum_30d: number | null; last_episode_at: Date | null;
    recent_count: number; recent_sum: number | null; previous_count: number; previous_sum: number | null;
    weaning_mentioned_at: Date | null; latest_epds_total: number | null; latest_epds_at: Date | null; open_alerts: number;
  }>`
    select c.id as client_id, c.display_name, c.primary_consultant_id as consultant_id, u.name as consultant_name,
      (u.deactivated_at is not null) as consultant_deactivated, c.baby_birth_date, c.considering_weaning, c.status,
      c.next_follow_up_at,
      (select count(*) from episodes e where e.practice_id = c.practice_id and e.client_id = c.id
         and e.occurred_at > ${since(7)} and e.occurred_at <= ${now})::int as episodes_7d,
      (select count(*) from episodes e where e.practice_id = c.practice_id and e.client_id = c.id
         and e.occurred_at > ${since(30)} and e.occurred_at <= ${now})::int as episodes_30d,
      (select sum(e.intensity) from episodes e where e.practice_id = c.practice_id and e.client_id = c.id
         and e.occurred_at > ${since(30)} and e.occurred_at <= ${now})::int as sum_30d,
      (select max(e.occurred_at) from episodes e where e.practice_id = c.practice_id and e.client_id = c.id
         and e.occurred_at <= ${now}) as last_episode_at,
      (select count(*) from episodes e where e.practice_id = c.practice_id and e.client_id = c.id
         and e.occurred_at > ${since(14)} and e.occurred_at <= ${now})::int as recent_count,
      (select sum(e.intensity) from episodes e where e.practice_id = c.practice_id and e.client_id = c.id
         and e.occurred_at > ${since(14)} and e.occurred_at <= ${now})::int as recent_sum,
      (select count(*) from episodes e where e.practice_id = c.practice_id and e.client_id = c.id
         and e.occurred_at > ${since(28)} and e.occurred_at <= ${since(14)})::int as previous_count,
      (select sum(e.intensity) from episodes e where e.practice_id = c.practice_id and e.client_id = c.id
         and e.occurred_at > ${since(28)} and e.occurred_at <= ${since(14)})::int as previous_sum,
      (select max(e.occurred_at) from episodes e where e.practice_id = c.practice_id and e.client_id = c.id
         and e.impact = 'considering_weaning' and e.occurred_at > ${since(30)} and e.occurred_at <= ${now}) as weaning_mentioned_at,
      (select s.total from screenings s where s.practice_id = c.practice_id and s.client_id = c.id
         order by s.taken_at desc limit 1)::int as latest_epds_total,
      (select max(s.taken_at) from screenings s where s.practice_id = c.practice_id and s.client_id = c.id) as latest_epds_at,
      (select count(*) from safety_alerts a where a.practice_id = c.practice_id and a.client_id = c.id
         and a.resolved_at is null)::int as open_alerts
    from clients c join users u on u.practice_id = c.practice_id and u.id = c.primary_consultant_id
    where c.practice_id = ${practice.practiceId}
  `.execute(tx);
  const mean = (sum: number | null, count: number) => (count > 0 && sum !== null ? sum / count : null);
  const alertRef: AlertRef = {
    alertId: randomUUID(), source: "episode", sourceId: randomUUID(), reportedAt: now.toISOString(),
    raisedAt: now.toISOString(), item10Answer: null, acknowledgedAt: null, acknowledgedByName: null,
  };
  return result.rows.map((row) => ({
    clientId: row.client_id, displayName: row.display_name, consultantId: row.consultant_id,
    consultantName: row.consultant_name, consultantDeactivated: row.consultant_deactivated,
    babyBirthDate: row.baby_birth_date, consideringWeaning: row.considering_weaning, status: row.status,
    nextFollowUpAt: row.next_follow_up_at, episodes7d: row.episodes_7d, episodes30d: row.episodes_30d,
    meanIntensity30d: mean(row.sum_30d, row.episodes_30d),
    meanIntensity30dRounded: row.episodes_30d > 0 && row.sum_30d !== null
      ? Math.round((row.sum_30d * 10) / row.episodes_30d) / 10 : null,
    lastEpisodeAt: row.last_episode_at, recentCount: row.recent_count, recentMean: mean(row.recent_sum, row.recent_count),
    previousCount: row.previous_count, previousMean: mean(row.previous_sum, row.previous_count),
    weaningMentionedAt: row.weaning_mentioned_at, openAlerts: Array.from({ length: row.open_alerts }, () => alertRef),
    latestEpdsTotal: row.latest_epds_total, latestEpdsAt: row.latest_epds_at,
  }));
}

/** What a caseload shows of a client's facts (alert details aside: only how many are open). */
function comparable(facts: ClientSummaryFacts) {
  return { ...facts, openAlerts: facts.openAlerts.length };
}

// ---- Random writes, as the table owner: the triggers run whoever writes.

const clientIndex = fc.integer({ min: 0, max: 11 });
const episodeArb = fc.record({
  hoursAgo: fc.integer({ min: -12, max: 40 * 24 }),
  intensity: fc.integer({ min: 1, max: 10 }),
  impact: fc.constantFrom("none", "fed_less", "avoiding_feeds", "considering_weaning", null),
});
const writeArb = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("episodes" as const), client: clientIndex, episodes: fc.array(episodeArb, { minLength: 1, maxLength: 8 }) }), weight: 4 },
  // Three episodes in each trend window, a few points apart: worsening, improving or stable.
  fc.record({
    kind: fc.constant("course" as const), client: clientIndex,
    before: fc.integer({ min: 1, max: 10 }), after: fc.integer({ min: 1, max: 10 }), shiftHours: fc.integer({ min: 0, max: 48 }),
  }),
  fc.record({ kind: fc.constant("episodes-elsewhere" as const), episodes: fc.array(fc.tuple(clientIndex, episodeArb), { minLength: 2, maxLength: 6 }) }),
  fc.record({ kind: fc.constant("edit-episode" as const), pick: fc.nat(), episode: episodeArb }),
  fc.record({ kind: fc.constant("delete-episode" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("screening" as const), client: clientIndex, total: fc.integer({ min: 0, max: 30 }), hoursAgo: fc.integer({ min: 0, max: 60 * 24 }) }),
  fc.record({ kind: fc.constant("raise-alert" as const), client: clientIndex }),
  fc.record({ kind: fc.constant("resolve-alert" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("weaning" as const), client: clientIndex, considering: fc.boolean() }),
  fc.record({ kind: fc.constant("status" as const), client: clientIndex, discharged: fc.boolean() }),
  fc.record({ kind: fc.constant("reassign" as const), client: clientIndex, consultant: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ kind: fc.constant("follow-up" as const), client: clientIndex, hoursFromNow: fc.integer({ min: -72, max: 72 }) }),
);
type Write = typeof writeArb extends fc.Arbitrary<infer T> ? T : never;

function episodeRow(clientId: string, episode: { hoursAgo: number; intensity: number; impact: string | null }) {
  return testEpisode(practice.practiceId, clientId, {
    occurred_at: new Date(Date.now() - episode.hoursAgo * 60 * 60 * 1000),
    intensity: episode.intensity,
    impact: episode.impact as Insertable<EpisodesTable>["impact"],
  });
}

async function pickRow(table: "episodes" | "safety_alerts", pick: number, openOnly = false): Promise<string | undefined> {
  const rows = await database.db
    .selectFrom(table)
    .select("id")
    .where("practice_id", "=", practice.practiceId)
    .$if(openOnly, (query) => query.where("resolved_at" as never, "is", null))
    .orderBy("id")
    .execute();
  return rows.length > 0 ? rows[pick % rows.length]?.id : undefined;
}

async function apply(write: Write): Promise<void> {
  const db = database.db;
  const client = "client" in write ? (clientIds[write.client] as string) : "";
  switch (write.kind) {
    case "episodes":
      await db.insertInto("episodes").values(write.episodes.map((episode) => episodeRow(client, episode))).execute();
      return;
    case "course": {
      const course = [16, 20, 24].map((days) => ({ hoursAgo: days * 24 + write.shiftHours, intensity: write.before, impact: null }));
      course.push(...[2, 6, 10].map((days) => ({ hoursAgo: days * 24 + write.shiftHours, intensity: write.after, impact: null })));
      await db.insertInto("episodes").values(course.map((episode) => episodeRow(client, episode))).execute();
      return;
    }
    case "episodes-elsewhere":
      await db.insertInto("episodes").values(write.episodes.map(([index, episode]) => episodeRow(clientIds[index] as string, episode))).execute();
      return;
    case "edit-episode": {
      const id = await pickRow("episodes", write.pick);
      if (!id) return;
      const { occurred_at, intensity, impact } = episodeRow(client, write.episode);
      await db.updateTable("episodes").set({ occurred_at, intensity, impact }).where("id", "=", id).execute();
      return;
    }
    case "delete-episode": {
      const id = await pickRow("episodes", write.pick);
      if (id) await db.deleteFrom("episodes").where("id", "=", id).execute();
      return;
    }
    case "screening": {
      const answers = Array.from({ length: 10 }, (_, item) => Math.min(3, Math.max(0, write.total - item * 3)));
      await db.insertInto("screenings").values({
        practice_id: practice.practiceId, id: randomUUID(), client_id: client, instrument: "epds",
        taken_at: new Date(Date.now() - write.hoursAgo * 60 * 60 * 1000), answers,
        total: answers.reduce((sum, answer) => sum + answer, 0), item10: answers[9] ?? 0, recorded_by: practice.lead.id,
      }).execute();
      return;
    }
    case "raise-alert":
      await db.insertInto("safety_alerts").values({
        practice_id: practice.practiceId, client_id: client, source: "episode", source_id: randomUUID(), reported_at: new Date(),
      }).execute();
      return;
    case "resolve-alert": {
      const id = await pickRow("safety_alerts", write.pick, true);
      if (id) await db.updateTable("safety_alerts").set({ resolved_at: new Date(), resolved_by: practice.lead.id }).where("id", "=", id).execute();
      return;
    }
    case "weaning":
      await db.updateTable("clients").set({ considering_weaning: write.considering }).where("id", "=", client).execute();
      return;
    case "status":
      await db.updateTable("clients").set({ status: write.discharged ? "discharged" : "active" }).where("id", "=", client).execute();
      return;
    case "reassign":
      await db.updateTable("clients").set({ primary_consultant_id: consultantIds()[write.consultant] as string }).where("id", "=", client).execute();
      return;
    case "follow-up":
      await db.insertInto("follow_ups").values({
        practice_id: practice.practiceId, client_id: client, due_at: new Date(Date.now() + write.hoursFromNow * 60 * 60 * 1000),
        created_by: practice.lead.id,
      }).execute();
      return;
  }
}

const byClient = (facts: ClientSummaryFacts[]) =>
  Object.fromEntries(facts.map((fact) => [fact.clientId, comparable(fact)]));

async function expectSummariesMatch(now: Date): Promise<void> {
  await withActor(database.db, lead, async (tx) => {
    const fromSummaries = await listClientSummaryFacts(tx, { practiceId: practice.practiceId, now, includeDischarged: true });
    const recomputed = await recomputedFacts(tx, now);
    expect(byClient(fromSummaries)).toEqual(byClient(recomputed));
  });
}

describe("client summaries", () => {
  it("always equal the full recomputation, now, once their windows lapse, and after the scheduled refresh", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(writeArb, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 20 * 24 }),
        fc.integer({ min: 1, max: 72 }),
        async (writes, laterHours, stillLaterHours) => {
        for (const write of writes) await apply(write);
        await expectSummariesMatch(new Date());
        const later = new Date(Date.now() + laterHours * 60 * 60 * 1000);
        await expectSummariesMatch(later);
        await sql`select wave_client_summaries_refresh_stale(${later}, 1000)`.execute(database.db);
        await expectSummariesMatch(later);
        // Still exact as time runs on from the refresh, up to and past the next window edge.
        await expectSummariesMatch(new Date(later.getTime() + stillLaterHours * 60 * 60 * 1000));
        // Back to the present: the summaries were refreshed for a later instant, so the present reads episodes.
        await expectSummariesMatch(new Date());
        await sql`select wave_client_summaries_refresh_stale(now(), 1000)`.execute(database.db);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("are fresh after writes, so a caseload read touches no episodes", async () => {
    await database.db.insertInto("episodes").values(episodeRow(clientIds[0] as string, { hoursAgo: 2, intensity: 4, impact: null })).execute();
    const { rows } = await sql<{ stale: number }>`
      select count(*)::int as stale from client_summaries
       where practice_id = ${practice.practiceId} and not (windows_at <= now() and (windows_stale_at is null or now() < windows_stale_at))
    `.execute(database.db);
    expect(rows[0]?.stale).toBe(0);
  });
});

describe("the scheduled refresh", () => {
  it("recomputes the summaries whose windows have lapsed, and only those", async () => {
    await sql`select wave_client_summaries_refresh_stale(now(), 1000)`.execute(database.db);
    const lapsed = clientIds.slice(0, 3);
    await sql`update client_summaries set windows_stale_at = now() - interval '1 hour', episodes_7d = 999
               where practice_id = ${practice.practiceId} and client_id = any(${lapsed}::uuid[])`.execute(database.db);
    expect(await refreshLapsedSummaries(database.db, 2)).toBe(2);
    expect(await refreshLapsedSummaries(database.db, 2)).toBe(1);
    expect(await refreshLapsedSummaries(database.db, 2)).toBe(0);
    const { rows } = await sql<{ wrong: number }>`
      select count(*)::int as wrong from client_summaries where practice_id = ${practice.practiceId} and episodes_7d = 999
    `.execute(database.db);
    expect(rows[0]?.wrong).toBe(0);
    await expectSummariesMatch(new Date());
  });
});

// ---- The caseload's filters, order and pages in SQL against the rules in TypeScript.

type ListFilters = CaseloadFilters & { consultantId?: number; includeDischarged?: boolean };
// No filter at all most often, else one or two: several at once mostly leave nothing to order.
const oneFilterArb: fc.Arbitrary<ListFilters> = fc.oneof(
  fc.record({ band: fc.constantFrom(...bands) }),
  fc.record({ flag: fc.constantFrom(...flags) }),
  fc.record({ anyFlag: fc.constant(true) }),
  fc.record({ followUpDueWithinDays: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ noEpisodeInDays: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ awaitingReassignment: fc.constant(true) }),
  fc.record({ consultantId: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ includeDischarged: fc.constant(true) }),
);
const filtersArb: fc.Arbitrary<ListFilters> = fc.oneof(
  { arbitrary: fc.constant({}), weight: 3 },
  { arbitrary: oneFilterArb, weight: 2 },
  { arbitrary: fc.tuple(oneFilterArb, oneFilterArb).map(([a, b]) => ({ ...a, ...b })), weight: 1 },
);

describe("the caseload in SQL", () => {
  it("filters, sorts and pages exactly as the shared rules do", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(writeArb, { maxLength: 6 }),
        filtersArb,
        fc.oneof({ arbitrary: fc.constant<CaseloadSortField>("attention"), weight: 3 }, fc.constantFrom<CaseloadSortField>(...caseloadSortFields)),
        fc.boolean(),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 10 * 24 }),
        async (writes, { consultantId: consultantIndex, includeDischarged, ...filters }, field, desc, pageSize, laterHours) => {
          for (const write of writes) await apply(write);
          const now = new Date(Date.now() + laterHours * 60 * 60 * 1000);
          const consultantId = consultantIndex === undefined ? undefined : consultantIds()[consultantIndex];
          await withActor(database.db, lead, async (tx) => {
            const expected = sortCaseload(
              (await recomputedFacts(tx, now))
                .filter((fact) => (includeDischarged || fact.status === "active") && (!consultantId || fact.consultantId === consultantId))
                .map((fact) => toCaseloadRow(fact, now))
                .filter((row) => matchesFilters(row, filters, now)),
              field,
              desc,
            );
            const shown: string[] = [];
            for (let page = 1; page <= Math.ceil(expected.length / pageSize) + 1; page++) {
              const result = await listCaseloadFactsPage(tx, {
                practiceId: practice.practiceId, now, consultantId, includeDischarged, filters, sort: { field, desc }, page, pageSize,
              });
              expect(result.total).toBe(expected.length);
              expect(result.totalWithOpenAlerts).toBe(expected.filter((row) => row.flags.includes("self_harm")).length);
              shown.push(...result.facts.map((fact) => fact.clientId));
            }
            expect(shown).toEqual(expected.map((row) => row.clientId));
          });
        },
      ),
      { numRuns: 40 },
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword, withActor, type Actor, type WaveDatabase } from "@wave/db";
import { insertPlan, planPractice, syntheticPracticeSpec } from "@wave/db/seed";
import { openTestDatabase } from "@wave/db/testing";
import { flags } from "@wave/shared";
import { countFlaggedClients, listFlaggedClients } from "../caseload/caseload.repository.js";
import { EFFECT_MIN_EPISODES, effectivenessFactsOf } from "./practice-analytics.js";
import { effectivenessCounts, interventionEffects, workloadFacts, type Range } from "./practice-analytics.repository.js";

// The effectiveness table and the workload read counts from SQL; their
// drill-downs read the clients' ids. Both must rest on the same clients, and
// the effectiveness changes (what its mean and interval are computed from)
// must be the very same numbers in the same order.

const NOW = new Date();
const DAY = 86_400_000;
let database: WaveDatabase;
let lead: Actor;
let consultantIds: string[];

beforeAll(async () => {
  database = await openTestDatabase();
  // The synthetic generator's practice, under staff addresses of this file's own: on a
  // Postgres server the test files share one database, and another file seeds practice-1.
  const options = { practices: 1, clientsPerPractice: 80, episodesPerClient: 40, seed: 37 };
  const spec = syntheticPracticeSpec(options, 1, NOW);
  const staffOfThisFile = spec.staff.map((member) => ({ ...member, email: member.email.replace("@practice-1.test", "@counts-and-ids.test") }));
  await insertPlan(database.db, planPractice({ ...spec, name: "Counts and ids", staff: staffOfThisFile }), await hashPassword("not used"));
  const staff = await database.db
    .selectFrom("users")
    .select(["id", "practice_id", "role"])
    .where("email", "in", staffOfThisFile.map((member) => member.email))
    .orderBy("email")
    .execute();
  const leadRow = staff.find((user) => user.role === "lead");
  if (!leadRow) throw new Error("the plan made no lead");
  lead = { userId: leadRow.id, practiceId: leadRow.practice_id, role: "lead" };
  consultantIds = staff.filter((user) => user.role === "consultant").map((user) => user.id);
  // One client with two overdue follow-ups: a count of follow-ups and a count of their clients must differ.
  const client = await database.db
    .selectFrom("clients")
    .select(["id", "primary_consultant_id"])
    .where("practice_id", "=", lead.practiceId)
    .where("status", "=", "active")
    .orderBy("id")
    .executeTakeFirstOrThrow();
  await database.db
    .insertInto("follow_ups")
    .values([2, 3].map((days) => ({ practice_id: lead.practiceId, client_id: client.id, due_at: new Date(NOW.getTime() - days * DAY), created_by: client.primary_consultant_id })))
    .execute();
});
afterAll(() => database.close());

const unique = (ids: readonly string[]) => new Set(ids).size;

describe("effectivenessCounts", () => {
  it("counts what the drill-down's rows hold, and returns the same changes in the same order, for every range and consultant", async () => {
    const ranges: Range[] = [70, 364].flatMap((days) => [
      { practiceId: lead.practiceId, from: new Date(NOW.getTime() - days * DAY), to: NOW },
      ...consultantIds.map((consultantId) => ({ practiceId: lead.practiceId, from: new Date(NOW.getTime() - days * DAY), to: NOW, consultantId })),
    ]);
    let changesCompared = 0;
    for (const range of ranges) {
      const [counted, rows] = await withActor(database.db, lead, async (tx) => [
        await effectivenessCounts(tx, range, EFFECT_MIN_EPISODES),
        await interventionEffects(tx, range),
      ]);
      const fromIds = effectivenessFactsOf(rows)
        .filter((facts) => facts.interventions > 0)
        .map((facts) => ({
          kind: facts.kind,
          interventions: facts.interventions,
          clients: unique(facts.clients),
          outcomeClients: Object.fromEntries(Object.entries(facts.outcomeClients).map(([outcome, ids]) => [outcome, unique(ids)])),
          changeClients: unique(facts.changeClients),
          changes: facts.changes,
        }));
      const byKind = (a: { kind: string }, b: { kind: string }) => a.kind.localeCompare(b.kind);
      expect([...counted].sort(byKind)).toEqual(fromIds.sort(byKind));
      changesCompared += fromIds.reduce((sum, facts) => sum + facts.changes.length, 0);
    }
    expect(changesCompared).toBeGreaterThan(20);
  });
});

describe("workloadFacts", () => {
  it("counts exactly the distinct clients its ids name, for every consultant", async () => {
    const [counted, named] = await withActor(database.db, lead, async (tx) => [
      await workloadFacts(tx, lead.practiceId, NOW, "count"),
      await workloadFacts(tx, lead.practiceId, NOW, "ids"),
    ]);
    expect(counted.map((facts) => facts.consultantId)).toEqual(named.map((facts) => facts.consultantId));
    expect(named.some((facts) => facts.activeClients.length > 0 && facts.episodeClients.length > 0)).toBe(true);
    expect(named.some((facts) => facts.overdueFollowUps > facts.overdueClients.length)).toBe(true);
    for (const [index, facts] of named.entries()) {
      for (const ids of [facts.activeClients, facts.overdueClients, facts.episodeClients]) expect(unique(ids)).toBe(ids.length);
      expect(counted[index]).toEqual({
        ...facts,
        activeClients: facts.activeClients.length,
        overdueClients: facts.overdueClients.length,
        episodeClients: facts.episodeClients.length,
      });
    }
  });
});

describe("countFlaggedClients", () => {
  it("counts, flag by flag, the clients the drill-down lists, practice-wide and for each consultant", async () => {
    let flaggedSeen = 0;
    let flagsCountedPracticeWide = 0;
    for (const consultantId of [undefined, ...consultantIds]) {
      const query = { practiceId: lead.practiceId, now: NOW, consultantId };
      const [counted, listed] = await withActor(database.db, lead, async (tx) => [
        await countFlaggedClients(tx, query),
        await listFlaggedClients(tx, query),
      ]);
      const fromList = Object.fromEntries(flags.map((flag) => [flag, unique(listed.filter((client) => client.flags.includes(flag)).map((client) => client.clientId))]));
      expect(counted).toEqual(fromList);
      flaggedSeen += listed.length;
      if (consultantId === undefined) flagsCountedPracticeWide = flags.filter((flag) => counted[flag] > 0).length;
    }
    // Not a comparison of zeros: the synthetic practice has flagged clients, under more than one flag.
    expect(flaggedSeen).toBeGreaterThan(10);
    expect(flagsCountedPracticeWide).toBeGreaterThan(1);
  });
});

import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WaveDatabase } from "@wave/db";
import { createTestPractice, openTestDatabase, TEST_PASSWORD, testEpisode, type TestPractice } from "@wave/db/testing";
import { bandOfMean, interventionKinds, outcomes, type InterventionKind, type Outcome } from "@wave/shared";
import { episodeFields, signedInCaller, type Caller } from "@wave/server/testing";

// The analytics aggregates (migration 2026-12-01T0007) against the truth, on
// random sequences of the writes that change them, made through the real
// procedures (so the triggers run as in production) and, for what no
// procedure does (a bulk insert like the seed's, a deletion, a recorded_at in
// the past), as the table owner. After each sequence: the stored aggregates
// equal wave_analytics_rebuild's from-scratch computation, and the lead's
// procedures answer what a plain computation over the raw rows gives
// (threshold 1, so every cell resting on a client shows its number).

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const NOW = new Date();
const RANGE = { from: new Date(NOW.getTime() - 70 * DAY).toISOString().slice(0, 10), to: NOW.toISOString().slice(0, 10) };

let database: WaveDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

type Write =
  | { kind: "episode"; client: number; daysAgo: number; intensity: number }
  | { kind: "bulkEpisodes"; client: number; rows: { daysAgo: number; recordedDaysAgo: number; intensity: number }[] }
  | { kind: "editEpisode"; pick: number; daysAgo: number; intensity: number }
  | { kind: "deleteEpisode"; pick: number }
  | { kind: "intervention"; client: number; daysAgo: number; interventionKind: InterventionKind }
  | { kind: "moveIntervention"; pick: number; daysAgo: number }
  | { kind: "outcome"; pick: number; fraction: number; outcome: Outcome }
  | { kind: "reassign"; client: number }
  | { kind: "screening"; client: number; item10: number };

const client = fc.integer({ min: 0, max: 3 });
const daysAgo = fc.double({ min: 0.01, max: 60, noNaN: true });
const intensity = fc.integer({ min: 1, max: 10 });
const pick = fc.nat();
const write: fc.Arbitrary<Write> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("episode" as const), client, daysAgo, intensity }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("bulkEpisodes" as const),
      client,
      // A few minutes to hours ahead too: a device clock ahead of the server's, which the course must leave out until then.
      rows: fc.array(fc.record({ daysAgo: fc.double({ min: -0.2, max: 60, noNaN: true }), recordedDaysAgo: fc.double({ min: 0, max: 35, noNaN: true }), intensity }), { minLength: 1, maxLength: 12 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("editEpisode" as const), pick, daysAgo, intensity }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("deleteEpisode" as const), pick }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("intervention" as const), client, daysAgo, interventionKind: fc.constantFrom(...interventionKinds) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("moveIntervention" as const), pick, daysAgo }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("outcome" as const), pick, fraction: fc.double({ min: 0, max: 1, noNaN: true }), outcome: fc.constantFrom(...outcomes) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("reassign" as const), client }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("screening" as const), client, item10: fc.integer({ min: 0, max: 3 }) }) },
);

interface World {
  practice: TestPractice;
  clientIds: string[];
  /** Who holds each client now. */
  holder: Map<string, 0 | 1>;
  callers: { lead: Caller; consultants: [Caller, Caller] };
  episodes: { id: string; clientId: string; version: number; viaApi: boolean }[];
  interventions: { id: string; clientId: string; kind: InterventionKind; version: number; daysAgo: number }[];
}

const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

async function newWorld(): Promise<World> {
  const practice = await createTestPractice(database.db, "Aggregates");
  const [lead, first, second] = await Promise.all([
    signedInCaller(database.db, practice.lead.email, TEST_PASSWORD, { smallCellThreshold: 1, now: () => NOW }),
    signedInCaller(database.db, practice.consultants[0].email, TEST_PASSWORD),
    signedInCaller(database.db, practice.consultants[1].email, TEST_PASSWORD),
  ]);
  const clientIds = practice.clients.flat();
  return {
    practice,
    clientIds,
    holder: new Map(clientIds.map((id, index) => [id, index < 2 ? 0 : 1] as const)),
    callers: { lead, consultants: [first, second] },
    episodes: [],
    interventions: [],
  };
}

const episodeAt = (occurredAt: Date, rating: number) => ({
  ...episodeFields(),
  occurredAt: occurredAt.toISOString(),
  intensity: rating,
  ratedAfterEducation: false,
});

async function apply(world: World, step: Write): Promise<void> {
  const { practiceId } = world.practice;
  const caller = (clientId: string) => world.callers.consultants[world.holder.get(clientId) ?? 0];
  switch (step.kind) {
    case "episode": {
      const clientId = world.clientIds[step.client] ?? "";
      const id = randomUUID();
      const created = await caller(clientId).episodes.create({ id, clientId, ...episodeAt(ago(step.daysAgo), step.intensity) });
      world.episodes.push({ id, clientId, version: created.version, viaApi: true });
      return;
    }
    case "bulkEpisodes": {
      const clientId = world.clientIds[step.client] ?? "";
      const rows = step.rows.map((row) =>
        testEpisode(practiceId, clientId, { occurred_at: ago(row.daysAgo), recorded_at: ago(row.recordedDaysAgo), intensity: row.intensity }),
      );
      // One statement, as the seed writes: the statement-level triggers see every row at once.
      await database.db.insertInto("episodes").values(rows).execute();
      for (const row of rows) world.episodes.push({ id: row.id, clientId, version: 1, viaApi: false });
      return;
    }
    case "editEpisode": {
      const editable = world.episodes.filter((episode) => episode.viaApi);
      const episode = editable[step.pick % Math.max(editable.length, 1)];
      if (!episode) return;
      const updated = await caller(episode.clientId).episodes.update({
        id: episode.id,
        clientId: episode.clientId,
        version: episode.version,
        ...episodeAt(ago(step.daysAgo), step.intensity),
      });
      episode.version = updated.version;
      return;
    }
    case "deleteEpisode": {
      const episode = world.episodes[step.pick % Math.max(world.episodes.length, 1)];
      if (!episode) return;
      await database.db.deleteFrom("safety_alerts").where("practice_id", "=", practiceId).where("source_id", "=", episode.id).execute();
      await database.db.deleteFrom("episodes").where("practice_id", "=", practiceId).where("id", "=", episode.id).execute();
      world.episodes = world.episodes.filter((candidate) => candidate !== episode);
      return;
    }
    case "intervention": {
      const clientId = world.clientIds[step.client] ?? "";
      const id = randomUUID();
      const created = await caller(clientId).interventions.create({
        id,
        clientId,
        kind: step.interventionKind,
        startedAt: ago(step.daysAgo).toISOString(),
        ...(step.interventionKind === "other" ? { details: "Something else" } : {}),
      });
      world.interventions.push({ id, clientId, kind: step.interventionKind, version: created.version, daysAgo: step.daysAgo });
      return;
    }
    case "moveIntervention": {
      const intervention = world.interventions[step.pick % Math.max(world.interventions.length, 1)];
      if (!intervention) return;
      const updated = await caller(intervention.clientId).interventions.update({
        id: intervention.id,
        clientId: intervention.clientId,
        kind: intervention.kind,
        startedAt: ago(step.daysAgo).toISOString(),
        version: intervention.version,
        ...(intervention.kind === "other" ? { details: "Something else" } : {}),
      });
      intervention.version = updated.version;
      intervention.daysAgo = step.daysAgo;
      return;
    }
    case "outcome": {
      const intervention = world.interventions[step.pick % Math.max(world.interventions.length, 1)];
      if (!intervention) return;
      await caller(intervention.clientId).interventions.recordOutcome({
        id: randomUUID(),
        clientId: intervention.clientId,
        interventionId: intervention.id,
        // Between its start and now: an outcome is never assessed before the start.
        assessedAt: ago(intervention.daysAgo * step.fraction).toISOString(),
        outcome: step.outcome,
      });
      return;
    }
    case "reassign": {
      const clientId = world.clientIds[step.client] ?? "";
      const next = world.holder.get(clientId) === 0 ? (1 as const) : (0 as const);
      await world.callers.lead.clients.assign({ clientId, consultantId: world.practice.consultants[next].id });
      world.holder.set(clientId, next);
      return;
    }
    case "screening": {
      const clientId = world.clientIds[step.client] ?? "";
      // Item 10's options print as "Yes, quite often" (3) first ... "Never" (0) last.
      const item10Index = 3 - step.item10;
      await caller(clientId).screenings.createEpds({
        id: randomUUID(),
        clientId,
        takenAt: ago(1).toISOString(),
        answers: [0, 0, 3, 0, 3, 3, 3, 3, 3, item10Index],
      });
      return;
    }
  }
}

/** The practice's stored aggregates, read as the table owner, in a stable order. */
async function storedAggregates(practiceId: string) {
  const weeks = await sql<Record<string, unknown>>`
    select week_start, client_id, episodes, intensity_sum from analytics_client_weeks
     where practice_id = ${practiceId} order by week_start, client_id`.execute(database.db);
  const days = await sql<Record<string, unknown>>`
    select day, client_id, episodes from analytics_client_recorded_days
     where practice_id = ${practiceId} order by day, client_id`.execute(database.db);
  const effects = await sql<Record<string, unknown>>`
    select intervention_id, client_id, kind, started_at, before_count, before_sum, after_count, after_sum, latest_outcome
      from analytics_intervention_effects where practice_id = ${practiceId} order by intervention_id`.execute(database.db);
  const occurred = await sql<Record<string, unknown>>`
    select client_id, day, episodes, intensity_sum from analytics_client_days
     where practice_id = ${practiceId} order by client_id, day`.execute(database.db);
  const course = await sql<Record<string, unknown>>`
    select client_id, first_episode_at, initial_episodes, initial_sum from analytics_client_course
     where practice_id = ${practiceId} order by client_id`.execute(database.db);
  return { weeks: weeks.rows, days: days.rows, effects: effects.rows, occurred: occurred.rows, course: course.rows };
}

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const round2 = (value: number) => Math.round(value * 100) / 100;
const shown = (value: number | null, clients: number) => (value === null || clients < 1 ? { suppressed: true, value: null } : { suppressed: false, value });

/** What the lead's overview, effectiveness and workload must answer, from the raw rows alone. */
async function expectedAnswers(practiceId: string) {
  const episodes = await database.db
    .selectFrom("episodes")
    .select(["client_id", "occurred_at", "recorded_at", "intensity"])
    .where("practice_id", "=", practiceId)
    .execute();
  const clients = await database.db
    .selectFrom("clients")
    .select(["id", "primary_consultant_id", "status", "created_at", "discharged_at", "baby_birth_date"])
    .where("practice_id", "=", practiceId)
    .execute();
  const interventions = await database.db
    .selectFrom("interventions")
    .select(["id", "client_id", "kind", "started_at"])
    .where("practice_id", "=", practiceId)
    .execute();
  const outcomeRows = await database.db
    .selectFrom("intervention_outcomes")
    .select(["intervention_id", "outcome", "assessed_at", "created_at"])
    .where("practice_id", "=", practiceId)
    .execute();

  const from = Date.parse(`${RANGE.from}T00:00:00Z`);
  const to = Date.parse(`${RANGE.to}T00:00:00Z`) + DAY;
  const firstDay = new Date(from);
  let monday = from - ((firstDay.getUTCDay() + 6) % 7) * DAY;
  const weeks = [];
  for (; monday < to; monday += WEEK) {
    const start = monday;
    const inWeek = episodes.filter((episode) => episode.occurred_at.getTime() >= start && episode.occurred_at.getTime() < start + WEEK);
    const byClient = new Map<string, number[]>();
    for (const episode of inWeek) byClient.set(episode.client_id, [...(byClient.get(episode.client_id) ?? []), episode.intensity]);
    const inBand = (band: string) => [...byClient.values()].filter((ratings) => bandOfMean(mean(ratings)) === band).length;
    const active = clients.filter(
      (row) => row.created_at.getTime() < start + WEEK && (!row.discharged_at || row.discharged_at.getTime() >= start),
    ).length;
    weeks.push({
      weekStart: new Date(start).toISOString().slice(0, 10),
      activeClients: shown(active, active),
      episodes: shown(inWeek.length, byClient.size),
      meanIntensity: shown(inWeek.length ? round2(mean(inWeek.map((episode) => episode.intensity))) : null, byClient.size),
      clientsByBand: { mild: shown(inBand("mild"), inBand("mild")), moderate: shown(inBand("moderate"), inBand("moderate")), severe: shown(inBand("severe"), inBand("severe")) },
    });
  }

  const started = interventions
    .filter((row) => row.started_at.getTime() >= from && row.started_at.getTime() < to)
    .sort((a, b) => a.client_id.localeCompare(b.client_id) || a.started_at.getTime() - b.started_at.getTime() || a.id.localeCompare(b.id));
  const latestOutcome = (interventionId: string) =>
    outcomeRows
      .filter((row) => row.intervention_id === interventionId)
      .sort((a, b) => b.assessed_at.getTime() - a.assessed_at.getTime() || b.created_at.getTime() - a.created_at.getTime())[0]?.outcome ?? null;
  const kinds = interventionKinds.map((kind) => {
    const ofKind = started.filter((row) => row.kind === kind);
    const clientIds = new Set(ofKind.map((row) => row.client_id));
    const changes: number[] = [];
    for (const clientId of clientIds) {
      const first = ofKind.find((row) => row.client_id === clientId);
      if (!first) continue;
      const start = first.started_at.getTime();
      const mine = episodes.filter((episode) => episode.client_id === clientId).map((episode) => ({ at: episode.occurred_at.getTime(), rating: episode.intensity }));
      const before = mine.filter((episode) => episode.at >= start - 14 * DAY && episode.at < start).map((episode) => episode.rating);
      const after = mine.filter((episode) => episode.at >= start && episode.at < start + 14 * DAY).map((episode) => episode.rating);
      if (before.length >= 3 && after.length >= 3) changes.push(mean(after) - mean(before));
    }
    const outcomeCounts = Object.fromEntries(
      outcomes.map((outcome) => {
        const count = new Set(ofKind.filter((row) => latestOutcome(row.id) === outcome).map((row) => row.client_id)).size;
        return [outcome, shown(count, count)];
      }),
    );
    return {
      kind,
      interventions: shown(ofKind.length, clientIds.size),
      clients: shown(clientIds.size, clientIds.size),
      outcomes: outcomeCounts,
      clientsWithEnoughData: shown(changes.length, changes.length),
      meanChange: changes.length ? round2(mean(changes)) : null,
    };
  });

  const since = NOW.getTime() - 30 * DAY;
  const workload = new Map<string, { activeClients: number; episodes30d: number; episodeClients: number }>();
  for (const consultantId of new Set(clients.map((row) => row.primary_consultant_id))) {
    const mine = new Set(clients.filter((row) => row.primary_consultant_id === consultantId).map((row) => row.id));
    const recent = episodes.filter((episode) => mine.has(episode.client_id) && episode.recorded_at.getTime() > since);
    workload.set(consultantId, {
      activeClients: clients.filter((row) => mine.has(row.id) && row.status === "active").length,
      episodes30d: recent.length,
      episodeClients: new Set(recent.map((episode) => episode.client_id)).size,
    });
  }
  const course = [];
  const profiles = clients.flatMap((row) => {
    const mine = episodes
      .filter((episode) => episode.client_id === row.id && episode.occurred_at.getTime() <= NOW.getTime())
      .sort((a, b) => a.occurred_at.getTime() - b.occurred_at.getTime());
    const first = mine[0];
    if (!first) return [];
    const birth = Date.parse(`${row.baby_birth_date}T00:00:00Z`);
    const weekOf = (time: number) => Math.floor((time - birth) / WEEK);
    const initial = mine.filter((episode) => episode.occurred_at.getTime() < first.occurred_at.getTime() + 14 * DAY);
    return [
      {
        band: bandOfMean(mean(initial.map((episode) => episode.intensity))),
        firstWeek: weekOf(first.occurred_at.getTime()),
        lastWeek: weekOf(NOW.getTime()),
        ratings: (week: number) => mine.filter((episode) => weekOf(episode.occurred_at.getTime()) === week).map((episode) => episode.intensity),
      },
    ];
  });
  for (let week = 0; week <= 52; week++) {
    for (const band of ["mild", "moderate", "severe"] as const) {
      const observed = profiles.filter((profile) => profile.band === band && profile.firstWeek <= week && profile.lastWeek >= week);
      const withEpisodes = observed.filter((profile) => profile.ratings(week).length > 0);
      const ratings = withEpisodes.flatMap((profile) => profile.ratings(week));
      course.push({
        week,
        band,
        observedClients: shown(observed.length, observed.length),
        meanIntensity: shown(ratings.length ? round2(mean(ratings)) : null, withEpisodes.length),
        shareWithEpisodes: shown(observed.length ? Math.round((withEpisodes.length / observed.length) * 1000) / 1000 : null, observed.length),
      });
    }
  }
  return { weeks, kinds, workload, course };
}

async function checkWorld(world: World): Promise<void> {
  const { practiceId } = world.practice;
  const before = await storedAggregates(practiceId);
  await sql`select wave_analytics_rebuild(${practiceId}::uuid)`.execute(database.db);
  expect(before).toEqual(await storedAggregates(practiceId));

  const expected = await expectedAnswers(practiceId);
  const overview = await world.callers.lead.analytics.practiceOverview(RANGE);
  expect(
    overview.weeks.map((week) => ({
      weekStart: week.weekStart,
      activeClients: week.activeClients,
      episodes: week.episodes,
      meanIntensity: week.meanIntensity,
      clientsByBand: week.clientsByBand,
    })),
  ).toEqual(expected.weeks);

  const effectiveness = await world.callers.lead.analytics.interventionEffectiveness(RANGE);
  for (const row of effectiveness.kinds) {
    const want = expected.kinds.find((candidate) => candidate.kind === row.kind);
    expect({ kind: row.kind, interventions: row.interventions, clients: row.clients, outcomes: row.outcomes, enough: row.clientsWithEnoughData }).toEqual({
      kind: want?.kind,
      interventions: want?.interventions,
      clients: want?.clients,
      outcomes: want?.outcomes,
      enough: want?.clientsWithEnoughData,
    });
    if (want?.meanChange === null || want?.meanChange === undefined) expect(row.meanChange.value).toBeNull();
    else expect(Math.abs((row.meanChange.value ?? Number.NaN) - want.meanChange)).toBeLessThanOrEqual(0.0100001);
  }

  const course = await world.callers.lead.analytics.courseByPostpartumWeek();
  expect(course.cells).toEqual(expected.course);

  const workload = await world.callers.lead.analytics.consultantWorkload();
  for (const row of workload.rows) {
    const want = expected.workload.get(row.consultantId) ?? { activeClients: 0, episodes30d: 0, episodeClients: 0 };
    expect({ active: row.activeClients, episodes: row.episodes30d }).toEqual({
      active: shown(want.activeClients, want.activeClients),
      episodes: shown(want.episodes30d, want.episodeClients),
    });
  }
}

describe("analytics aggregates kept by triggers", () => {
  it("equal the full recomputation, and the lead's answers equal the raw rows', after any sequence of writes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 14 }), async (steps) => {
        const world = await newWorld();
        for (const step of steps) await apply(world, step);
        await checkWorld(world);
      }),
      { numRuns: 30 },
    );
  });

  it("backfills and rebuilds every practice: the rebuild of all practices changes nothing", async () => {
    const world = await newWorld();
    await apply(world, { kind: "bulkEpisodes", client: 0, rows: [{ daysAgo: 3, recordedDaysAgo: 3, intensity: 7 }] });
    await apply(world, { kind: "intervention", client: 0, daysAgo: 2, interventionKind: "education" });
    const before = await storedAggregates(world.practice.practiceId);
    expect(before.weeks).toHaveLength(1);
    expect(before.effects).toMatchObject([{ before_count: 1, before_sum: 7, after_count: 0 }]);
    await sql`select wave_analytics_rebuild(null)`.execute(database.db);
    expect(await storedAggregates(world.practice.practiceId)).toEqual(before);
  });
});

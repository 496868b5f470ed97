import { randomUUID } from "node:crypto";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WaveDatabase } from "@wave/db";
import { DEMO_PASSWORD, seedSynthetic } from "@wave/db/seed";
import { createTestPractice, openTestDatabase, TEST_PASSWORD, testEpisode, type TestPractice } from "@wave/db/testing";
import { episodeFields, outcomeOf, signedInCaller, type Caller } from "@wave/server/testing";

// The lead's aggregates, checked against an independent computation from the
// raw rows in this file (plain TypeScript, no server code), on seeded data.

const NOW = new Date();
const DAY = 86_400_000;
const WEEK = 7 * DAY;
const THRESHOLD = 5;
let database: WaveDatabase;
let lead: Caller;
let practiceId: string;
const range = {
  from: new Date(NOW.getTime() - 70 * DAY).toISOString().slice(0, 10),
  to: NOW.toISOString().slice(0, 10),
};

type Cell = { suppressed: boolean; value: number | null };
/** Counts must match exactly; means to the hundredth they are reported at. */
const expectCell = (actual: Cell, value: number | null, clients: number) => {
  if (clients < THRESHOLD || value === null) {
    expect(actual).toEqual({ suppressed: true, value: null });
    return;
  }
  expect(actual.suppressed).toBe(false);
  if (Number.isInteger(value)) expect(actual.value).toBe(value);
  else expect(actual.value).toBeCloseTo(value, 1.7);
};
const mondayOf = (time: number) => {
  const day = new Date(time);
  const midnight = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
  return midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * DAY;
};
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

beforeAll(async () => {
  database = await openTestDatabase();
  const seeded = await seedSynthetic(database.db, { practices: 1, clientsPerPractice: 80, episodesPerClient: 40, seed: 2026, now: NOW });
  const leadEmail = seeded.signIns.find((signIn) => signIn.role === "lead")?.email ?? "";
  lead = await signedInCaller(database.db, leadEmail, DEMO_PASSWORD);
  const me = await lead.auth.me();
  practiceId = me.practiceId;
});
afterAll(() => database.close());

describe("analytics.practiceOverview against raw rows", () => {
  it("matches weekly episodes, mean intensity, active clients and band counts, week by week", async () => {
    const overview = await lead.analytics.practiceOverview(range);
    const from = Date.parse(`${range.from}T00:00:00Z`);
    const to = Date.parse(`${range.to}T00:00:00Z`) + DAY;
    const episodes = await database.db.selectFrom("episodes").select(["client_id", "occurred_at", "intensity"]).where("practice_id", "=", practiceId).execute();
    const clients = await database.db.selectFrom("clients").select(["id", "created_at", "discharged_at"]).where("practice_id", "=", practiceId).execute();

    const expectedWeeks: number[] = [];
    for (let week = mondayOf(from); week < to; week += WEEK) expectedWeeks.push(week);
    expect(overview.weeks.map((week) => week.weekStart)).toEqual(expectedWeeks.map((week) => new Date(week).toISOString().slice(0, 10)));

    for (const [index, weekStart] of expectedWeeks.entries()) {
      const row = overview.weeks[index];
      if (!row) throw new Error("missing week");
      const inWeek = episodes.filter((episode) => episode.occurred_at.getTime() >= weekStart && episode.occurred_at.getTime() < weekStart + WEEK);
      const byClient = new Map<string, number[]>();
      for (const episode of inWeek) byClient.set(episode.client_id, [...(byClient.get(episode.client_id) ?? []), episode.intensity]);
      const episodeClients = byClient.size;
      expectCell(row.episodes, inWeek.length, episodeClients);
      expectCell(row.meanIntensity, inWeek.length ? Math.round(mean(inWeek.map((episode) => episode.intensity)) * 100) / 100 : null, episodeClients);
      const active = clients.filter(
        (client) => client.created_at.getTime() < weekStart + WEEK && (!client.discharged_at || client.discharged_at.getTime() >= weekStart),
      ).length;
      expectCell(row.activeClients, active, active);
      const admitted = clients.filter((client) => client.created_at.getTime() >= weekStart && client.created_at.getTime() < weekStart + WEEK).length;
      expectCell(row.newClients, admitted, admitted);
      const discharged = clients.filter(
        (client) => client.discharged_at && client.discharged_at.getTime() >= weekStart && client.discharged_at.getTime() < weekStart + WEEK,
      ).length;
      expectCell(row.discharges, discharged, discharged);
      const bandOf = (ratings: number[]) => {
        const rounded = Math.round(mean(ratings));
        return rounded <= 3 ? "mild" : rounded <= 6 ? "moderate" : "severe";
      };
      for (const band of ["mild", "moderate", "severe"] as const) {
        const count = [...byClient.values()].filter((ratings) => bandOf(ratings) === band).length;
        expectCell(row.clientsByBand[band], count, count);
      }
    }
  });

  it("counts the clients who joined, and who were discharged, within the range", async () => {
    const overview = await lead.analytics.practiceOverview(range);
    const from = Date.parse(`${range.from}T00:00:00Z`);
    const to = Date.parse(`${range.to}T00:00:00Z`) + DAY;
    const clients = await database.db.selectFrom("clients").select(["created_at", "discharged_at"]).where("practice_id", "=", practiceId).execute();
    const within = (date: Date | null) => date !== null && date.getTime() >= from && date.getTime() < to;
    const admitted = clients.filter((client) => within(client.created_at)).length;
    const discharged = clients.filter((client) => within(client.discharged_at)).length;
    expect(admitted + discharged).toBeGreaterThan(0);
    expectCell(overview.newClients, admitted, admitted);
    expectCell(overview.discharges, discharged, discharged);
  });

  it("drills into a week's cells and lists exactly as many clients as each cell shows", async () => {
    const overview = await lead.analytics.practiceOverview(range);
    let drilled = 0;
    for (const week of overview.weeks) {
      const cells = { activeClients: week.activeClients, newClients: week.newClients, discharges: week.discharges, ...week.clientsByBand };
      for (const [measure, cell] of Object.entries(cells) as [keyof typeof cells, Cell][]) {
        const drill = lead.analytics.drillDown({ cell: "overview", ...range, weekStart: week.weekStart, measure });
        if (cell.suppressed) {
          expect(await outcomeOf(drill)).toBe("FORBIDDEN");
          continue;
        }
        expect({ week: week.weekStart, measure, clients: (await drill).clients.length }).toEqual({ week: week.weekStart, measure, clients: cell.value });
        drilled += 1;
      }
    }
    expect(drilled).toBeGreaterThan(10);
  });

  it("puts an episode at Monday 00:00 UTC in the new week, and one a millisecond earlier in the old", async () => {
    const practice = await createTestPractice(database.db, "Boundaries");
    const boundaryLead = await signedInCaller(database.db, practice.lead.email, TEST_PASSWORD, { smallCellThreshold: 1 });
    const monday = mondayOf(NOW.getTime() - 14 * DAY);
    const clientId = practice.clients[0][0];
    await database.db
      .insertInto("episodes")
      .values([
        testEpisode(practice.practiceId, clientId, { occurred_at: new Date(monday - 1), intensity: 2 }),
        testEpisode(practice.practiceId, clientId, { occurred_at: new Date(monday), intensity: 8 }),
      ])
      .execute();
    const day = (time: number) => new Date(time).toISOString().slice(0, 10);
    const overview = await boundaryLead.analytics.practiceOverview({ from: day(monday - WEEK), to: day(monday + 2 * DAY) });
    expect(overview.weeks.map((week) => [week.weekStart, week.episodes.value, week.meanIntensity.value])).toEqual([
      [day(monday - WEEK), 1, 2],
      [day(monday), 1, 8],
    ]);
  });
});

describe("analytics.interventionEffectiveness against raw rows", () => {
  it("matches counts, outcomes, mean change and its 95% confidence interval per kind", async () => {
    const result = await lead.analytics.interventionEffectiveness(range);
    const from = Date.parse(`${range.from}T00:00:00Z`);
    const to = Date.parse(`${range.to}T00:00:00Z`) + DAY;
    const interventions = (
      await database.db.selectFrom("interventions").select(["id", "client_id", "kind", "started_at"]).where("practice_id", "=", practiceId).execute()
    ).filter((row) => row.started_at.getTime() >= from && row.started_at.getTime() < to);
    const outcomes = await database.db
      .selectFrom("intervention_outcomes")
      .select(["intervention_id", "outcome", "assessed_at", "created_at"])
      .where("practice_id", "=", practiceId)
      .execute();
    const episodes = await database.db.selectFrom("episodes").select(["client_id", "occurred_at", "intensity"]).where("practice_id", "=", practiceId).execute();

    const table: Record<string, unknown>[] = [];
    for (const row of result.kinds) {
      const ofKind = interventions
        .filter((intervention) => intervention.kind === row.kind)
        .sort((a, b) => a.started_at.getTime() - b.started_at.getTime() || a.id.localeCompare(b.id));
      const clientIds = new Set(ofKind.map((intervention) => intervention.client_id));
      expectCell(row.interventions, ofKind.length, clientIds.size);
      expectCell(row.clients, clientIds.size, clientIds.size);

      for (const outcome of ["resolved", "improved", "no_change", "worse", "stopped"] as const) {
        const withOutcome = ofKind.filter((intervention) => {
          const latest = outcomes
            .filter((candidate) => candidate.intervention_id === intervention.id)
            .sort((a, b) => b.assessed_at.getTime() - a.assessed_at.getTime() || b.created_at.getTime() - a.created_at.getTime())[0];
          return latest?.outcome === outcome;
        });
        const count = new Set(withOutcome.map((intervention) => intervention.client_id)).size;
        expectCell(row.outcomes[outcome], count, count);
      }

      const changes: number[] = [];
      for (const clientId of clientIds) {
        const first = ofKind.find((intervention) => intervention.client_id === clientId);
        if (!first) continue;
        const start = first.started_at.getTime();
        const mine = episodes.filter((episode) => episode.client_id === clientId);
        const before = mine.filter((episode) => episode.occurred_at.getTime() >= start - 14 * DAY && episode.occurred_at.getTime() < start);
        const after = mine.filter((episode) => episode.occurred_at.getTime() >= start && episode.occurred_at.getTime() < start + 14 * DAY);
        if (before.length >= 3 && after.length >= 3) {
          changes.push(mean(after.map((episode) => episode.intensity)) - mean(before.map((episode) => episode.intensity)));
        }
      }
      const n = changes.length;
      expectCell(row.clientsWithEnoughData, n, n);
      const m = n ? mean(changes) : null;
      const halfWidth = n >= 2 && m !== null ? tQuantile(0.975, n - 1) * Math.sqrt(changes.reduce((sum, change) => sum + (change - m) ** 2, 0) / (n - 1) / n) : null;
      const round2 = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);
      expectCell(row.meanChange, round2(m), n);
      expectCell(row.ciLow, halfWidth === null || m === null ? null : round2(m - halfWidth), n);
      expectCell(row.ciHigh, halfWidth === null || m === null ? null : round2(m + halfWidth), n);
      table.push({
        kind: row.kind,
        n,
        server: row.meanChange.value,
        independent: round2(m),
        ciServer: [row.ciLow.value, row.ciHigh.value],
        ciIndependent: halfWidth === null || m === null ? null : [round2(m - halfWidth), round2(m + halfWidth)],
      });
    }
    // Shown in the run's output, for the record of what was compared.
    process.stdout.write(`effectiveness, server vs independent:\n${table.map((line) => JSON.stringify(line)).join("\n")}\n`);
    expect(result.kinds.some((row) => !row.meanChange.suppressed)).toBe(true);
  });
  it("drills into each kind's clients and outcomes and lists exactly as many clients as each cell shows", async () => {
    const result = await lead.analytics.interventionEffectiveness(range);
    let drilled = 0;
    for (const row of result.kinds) {
      const cells = [[undefined, row.clients], ...Object.entries(row.outcomes)] as [keyof typeof row.outcomes | undefined, Cell][];
      for (const [outcome, cell] of cells) {
        const drill = lead.analytics.drillDown({ cell: "effectiveness", ...range, kind: row.kind, ...(outcome ? { outcome } : {}) });
        if (cell.suppressed) {
          expect(await outcomeOf(drill)).toBe("FORBIDDEN");
          continue;
        }
        expect({ kind: row.kind, outcome, clients: (await drill).clients.length }).toEqual({ kind: row.kind, outcome, clients: cell.value });
        drilled += 1;
      }
    }
    expect(drilled).toBeGreaterThan(4);
  });
});

describe("analytics.consultantWorkload against raw rows", () => {
  it("matches each consultant's active clients, overdue follow-ups and last 30 days' episodes, and drills into as many clients as each cell rests on", async () => {
    // The lead's clock is the seed's, so "overdue" and "the last 30 days" are the same instants here as in the query.
    const workloadLead = await signedInCaller(database.db, (await lead.auth.me()).email, DEMO_PASSWORD, { now: () => NOW });
    const clients = await database.db.selectFrom("clients").select(["id", "primary_consultant_id", "status"]).where("practice_id", "=", practiceId).execute();
    const consultantOf = new Map(clients.map((client) => [client.id, client.primary_consultant_id]));
    const overdue = await database.db
      .selectFrom("follow_ups")
      .select("client_id")
      .where("practice_id", "=", practiceId)
      .where("completed_at", "is", null)
      .where("due_at", "<", NOW)
      .execute();
    const recent = await database.db
      .selectFrom("episodes")
      .select("client_id")
      .where("practice_id", "=", practiceId)
      .where("recorded_at", ">", new Date(NOW.getTime() - 30 * DAY))
      .execute();
    const ofConsultant = (rows: { client_id: string }[], consultantId: string) => rows.filter((row) => consultantOf.get(row.client_id) === consultantId);
    const distinctClients = (rows: { client_id: string }[]) => new Set(rows.map((row) => row.client_id)).size;

    const workload = await workloadLead.analytics.consultantWorkload();
    expect(workload.rows.length).toBeGreaterThan(0);
    let drilled = 0;
    for (const row of workload.rows) {
      const active = clients.filter((client) => client.primary_consultant_id === row.consultantId && client.status === "active").length;
      const overdueRows = ofConsultant(overdue, row.consultantId);
      const recentRows = ofConsultant(recent, row.consultantId);
      expectCell(row.activeClients, active, active);
      expectCell(row.overdueFollowUps, overdueRows.length, distinctClients(overdueRows));
      expectCell(row.episodes30d, recentRows.length, distinctClients(recentRows));
      const restsOn = { activeClients: active, flaggedClients: row.flaggedClients.value, overdueFollowUps: distinctClients(overdueRows), episodes30d: distinctClients(recentRows) };
      for (const measure of ["activeClients", "flaggedClients", "overdueFollowUps", "episodes30d"] as const) {
        const drill = workloadLead.analytics.drillDown({ cell: "workload", consultantId: row.consultantId, measure });
        if (row[measure].suppressed) {
          expect(await outcomeOf(drill)).toBe("FORBIDDEN");
          continue;
        }
        expect({ consultant: row.consultantName, measure, clients: (await drill).clients.length }).toEqual({
          consultant: row.consultantName,
          measure,
          clients: restsOn[measure],
        });
        drilled += 1;
      }
    }
    expect(drilled).toBeGreaterThan(4);
  });
});

describe("small-cell suppression and drill-down", () => {
  let practice: TestPractice;
  let smallLead: Caller;

  beforeAll(async () => {
    practice = await createTestPractice(database.db, "Suppression");
    // Two more clients so five can carry a flag.
    for (const name of ["Eve E.", "Fay F."]) {
      await database.db
        .insertInto("clients")
        .values({ practice_id: practice.practiceId, primary_consultant_id: practice.consultants[0].id, display_name: name, baby_birth_date: "2026-09-01", feeding_method: "both" })
        .execute();
    }
    smallLead = await signedInCaller(database.db, practice.lead.email, TEST_PASSWORD);
  });

  async function flagConsideringWeaning(count: number) {
    const ids = (await database.db.selectFrom("clients").select("id").where("practice_id", "=", practice.practiceId).orderBy("display_name").execute()).map((row) => row.id);
    await database.db.updateTable("clients").set({ considering_weaning: false }).where("practice_id", "=", practice.practiceId).execute();
    await database.db.updateTable("clients").set({ considering_weaning: true }).where("id", "in", ids.slice(0, count)).execute();
  }

  it("suppresses a cell resting on 4 clients and refuses to drill into it", async () => {
    await flagConsideringWeaning(4);
    const overview = await smallLead.analytics.practiceOverview(range);
    expect(overview.flags.considering_weaning).toEqual({ suppressed: true, value: null });
    expect(await outcomeOf(smallLead.analytics.drillDown({ cell: "flag", flag: "considering_weaning" }))).toBe("FORBIDDEN");
  });

  it("shows a cell resting on 5 clients, and drills into exactly those clients", async () => {
    await flagConsideringWeaning(5);
    const overview = await smallLead.analytics.practiceOverview(range);
    expect(overview.flags.considering_weaning).toEqual({ suppressed: false, value: 5 });
    const drill = await smallLead.analytics.drillDown({ cell: "flag", flag: "considering_weaning" });
    expect(drill.clients.map((client) => client.displayName)).toEqual(["Ada A.", "Bea B.", "Cleo C.", "Dot D.", "Eve E."]);
  });

  it("never suppresses the self-harm count, however few clients it rests on (DOMAIN.md's safety rule)", async () => {
    const consultant = await signedInCaller(database.db, practice.consultants[0].email, TEST_PASSWORD);
    const clientId = practice.clients[0][0];
    await consultant.episodes.create({ id: randomUUID(), clientId, ...episodeFields(), selfHarmThoughts: true });
    const overview = await smallLead.analytics.practiceOverview(range);
    expect(overview.flags.self_harm).toEqual({ suppressed: false, value: 1 });
    const drill = await smallLead.analytics.drillDown({ cell: "flag", flag: "self_harm" });
    expect(drill.clients.map((client) => client.clientId)).toEqual([clientId]);
  });

  it("honours a configured threshold", async () => {
    const strictLead = await signedInCaller(database.db, practice.lead.email, TEST_PASSWORD, { smallCellThreshold: 6 });
    expect((await strictLead.analytics.practiceOverview(range)).flags.considering_weaning.suppressed).toBe(true);
  });

  it("gives consultants FORBIDDEN, and another practice's lead none of this practice's numbers", async () => {
    const consultant = await signedInCaller(database.db, practice.consultants[0].email, TEST_PASSWORD);
    expect(await outcomeOf(consultant.analytics.practiceOverview(range))).toBe("FORBIDDEN");
    expect(await outcomeOf(consultant.analytics.drillDown({ cell: "flag", flag: "considering_weaning" }))).toBe("FORBIDDEN");
    const outsider = await createTestPractice(database.db, "Outsider");
    const outsiderLead = await signedInCaller(database.db, outsider.lead.email, TEST_PASSWORD, { smallCellThreshold: 1 });
    const theirs = await outsiderLead.analytics.consultantWorkload();
    expect(theirs.rows.map((row) => row.consultantId).sort()).toEqual([outsider.consultants[0].id, outsider.consultants[1].id].sort());
    const flagsSeen = await outsiderLead.analytics.practiceOverview({ ...range, consultantId: practice.consultants[0].id });
    expect(flagsSeen.flags.considering_weaning).toEqual({ suppressed: true, value: null });
    expect(
      await outcomeOf(outsiderLead.analytics.drillDown({ cell: "workload", consultantId: practice.consultants[0].id, measure: "activeClients" })),
    ).toBe("NOT_FOUND");
  });
});

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPractice, openTestDatabase, TEST_PASSWORD, testEpisode, type TestPractice } from "@wave/db/testing";
import type { WaveDatabase } from "@wave/db";
import { bands, caseloadSortFields, flags } from "@wave/shared";
import { signedInCaller, userMessageOf, type Caller } from "../testing.js";

const DAY = 24 * 60 * 60 * 1000;
let database: WaveDatabase;
let practice: TestPractice;
let emily: Caller;
let lead: Caller;

async function addEpisode(clientId: string, daysAgo: number, intensity: number, extra: { selfHarm?: boolean } = {}) {
  await database.db
    .insertInto("episodes")
    .values(
      testEpisode(practice.practiceId, clientId, {
        occurred_at: new Date(Date.now() - daysAgo * DAY),
        intensity,
        self_harm_thoughts: extra.selfHarm ?? false,
      }),
    )
    .execute();
}

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "Caseload");
  emily = await signedInCaller(database.db, practice.consultants[0].email, TEST_PASSWORD);
  lead = await signedInCaller(database.db, practice.lead.email, TEST_PASSWORD);
  const [ada, bea] = practice.clients[0];
  // Ada: severe and worsening (14-28 days ago around 6, last 14 days around 8).
  for (const daysAgo of [20, 18, 16]) await addEpisode(ada, daysAgo, 6);
  for (const daysAgo of [6, 4, 2]) await addEpisode(ada, daysAgo, 8);
  // Bea: mild, one episode yesterday.
  await addEpisode(bea, 1, 2);
});
afterAll(() => database.close());

describe("caseload.list", () => {
  it("shows a consultant exactly their own clients", async () => {
    const page = await emily.caseload.list();
    expect(page.total).toBe(2);
    expect(page.rows.map((row) => row.clientId).sort()).toEqual([...practice.clients[0]].sort());
  });

  it("ignores a consultant's attempt to filter to a colleague's caseload", async () => {
    const page = await emily.caseload.list({ filters: { consultantId: practice.consultants[1].id } });
    expect(page.rows.map((row) => row.clientId).sort()).toEqual([...practice.clients[0]].sort());
  });

  it("shows a lead the whole practice, with the consultant named", async () => {
    const page = await lead.caseload.list({ pageSize: 50 });
    expect(page.total).toBe(4);
    expect(new Set(page.rows.map((row) => row.consultantName))).toEqual(
      new Set([practice.consultants[0].name, practice.consultants[1].name]),
    );
    const filtered = await lead.caseload.list({ filters: { consultantId: practice.consultants[1].id } });
    expect(filtered.rows.map((row) => row.clientId).sort()).toEqual([...practice.clients[1]].sort());
  });

  it("computes the row from the episodes: counts, mean, band, trend", async () => {
    const page = await emily.caseload.list({ search: "Ada" });
    const [ada] = page.rows;
    expect(ada).toMatchObject({
      displayName: "Ada A.",
      episodes7d: 3,
      episodes30d: 6,
      meanIntensity30d: 7,
      band: "severe",
      trend: "worsening",
    });
    expect(ada?.flags).toContain("worsening");
    expect(ada?.postpartumWeeks).toBeGreaterThan(0);
  });

  it("pins a self-harm report above every page until a follow-up reaches the client", async () => {
    const [ada, bea] = practice.clients[0];
    await emily.episodes.create({
      id: randomUUID(),
      clientId: bea,
      occurredAt: new Date(Date.now() - 0.5 * DAY).toISOString(),
      intensity: 3,
      types: ["despondency"],
      context: "nursing",
      letDown: "first",
      durationSeconds: 60,
      impact: "none",
      selfHarmThoughts: true,
      ratedAfterEducation: true,
    });
    let page = await emily.caseload.list();
    expect(page.pinned.map((row) => row.clientId)).toEqual([bea]);
    expect(page.rows[0]?.clientId).toBe(bea);
    expect(page.rows[0]?.flags[0]).toBe("self_harm");

    await emily.followUps.complete({ id: randomUUID(), clientId: bea, outcome: "not_reached", contact: "phone", notes: "No answer." });
    expect((await emily.caseload.list()).pinned.map((row) => row.clientId)).toEqual([bea]);
    await emily.followUps.complete({ id: randomUUID(), clientId: bea, outcome: "reached", contact: "phone", notes: "Reached." });
    page = await emily.caseload.list();
    expect(page.pinned).toEqual([]);
    expect(page.rows.find((row) => row.clientId === bea)?.flags).not.toContain("self_harm");
    expect(page.rows[0]?.clientId).toBe(ada);
  });

  it("keeps an urgent client pinned whatever the sort, filter, search and page, for consultant and lead", async () => {
    const cleo = practice.clients[1][0];
    await lead.screenings.createEpds({
      id: randomUUID(),
      clientId: cleo,
      takenAt: new Date(Date.now() - 60_000).toISOString(),
      // Printed-order indices: a total of 15, item 10 answered "Hardly ever" (scores 1).
      answers: [2, 2, 1, 1, 1, 1, 2, 2, 2, 2],
    });
    const sam = await signedInCaller(database.db, practice.consultants[1].email, TEST_PASSWORD);
    const views = [
      ...caseloadSortFields.flatMap((field) => [false, true].map((desc) => ({ sort: { field, desc } }))),
      ...bands.map((band) => ({ filters: { band } })),
      ...flags.map((flag) => ({ filters: { flag } })),
      { filters: { anyFlag: true } },
      { filters: { followUpDueWithinDays: 0 } },
      { filters: { noEpisodeInDays: 1 } },
      { filters: { awaitingReassignment: true } },
      { filters: { includeDischarged: true } },
      { filters: { consultantId: practice.consultants[0].id } },
      { search: "nobody by this name" },
      { page: 2, pageSize: 1 },
      { page: 9, pageSize: 1 },
    ];
    for (const view of views) {
      for (const caller of [lead, sam]) {
        const page = await caller.caseload.list(view);
        expect(page.pinned.map((row) => row.clientId), JSON.stringify(view)).toEqual([cleo]);
        expect(page.pinned[0]?.flags[0]).toBe("self_harm");
      }
    }
    const outside = await lead.caseload.list({ filters: { band: "mild" } });
    expect(outside.pinnedOutsideFilter).toBe(1);
    expect((await lead.caseload.list({ search: "cle" })).pinnedOutsideFilter).toBe(0);
    expect((await emily.caseload.list()).pinned).toEqual([]);

    const row = (await lead.caseload.list({ filters: { flag: "self_harm" } })).rows.find((candidate) => candidate.clientId === cleo);
    expect(row?.flags).toEqual(expect.arrayContaining(["self_harm", "epds_high"]));
    await lead.followUps.complete({ id: randomUUID(), clientId: cleo, outcome: "reached", contact: "video", notes: "Reached." });
    expect((await lead.caseload.list()).pinned).toEqual([]);
  });

  it("sorts, searches, filters and pages on the server", async () => {
    const byName = await lead.caseload.list({ sort: { field: "displayName", desc: true } });
    expect(byName.rows.map((row) => row.displayName)).toEqual(["Dot D.", "Cleo C.", "Bea B.", "Ada A."]);
    const paged = await lead.caseload.list({ sort: { field: "displayName", desc: false }, page: 2, pageSize: 3 });
    expect(paged).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(paged.rows.map((row) => row.displayName)).toEqual(["Dot D."]);
    const searched = await lead.caseload.list({ search: "cle" });
    expect(searched.rows.map((row) => row.displayName)).toEqual(["Cleo C."]);
    const quiet = await lead.caseload.list({ filters: { noEpisodeInDays: 30 } });
    expect(quiet.rows.map((row) => row.displayName).sort()).toEqual(["Cleo C.", "Dot D."]);
    const severe = await lead.caseload.list({ filters: { band: "severe" } });
    expect(severe.rows.map((row) => row.displayName)).toEqual(["Ada A."]);
  });

  it("treats % and _ in a search as plain characters", async () => {
    expect((await lead.caseload.list({ search: "%" })).total).toBe(0);
  });

  it("rejects a page size over the limit, naming the field", async () => {
    expect(await userMessageOf(lead.caseload.list({ pageSize: 5000 }))).toMatch(/pageSize/);
  });

  it("audits each caseload read", async () => {
    const before = await database.db
      .selectFrom("audit_log")
      .select(({ fn }) => fn.countAll<number>().as("count"))
      .where("practice_id", "=", practice.practiceId)
      .where("action", "=", "caseload.list")
      .executeTakeFirstOrThrow();
    await emily.caseload.list();
    const after = await database.db
      .selectFrom("audit_log")
      .select(({ fn }) => fn.countAll<number>().as("count"))
      .where("practice_id", "=", practice.practiceId)
      .where("action", "=", "caseload.list")
      .executeTakeFirstOrThrow();
    expect(Number(after.count)).toBe(Number(before.count) + 1);
  });
});

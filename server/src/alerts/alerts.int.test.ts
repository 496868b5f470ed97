import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WaveDatabase } from "@wave/db";
import { createTestPractice, openTestDatabase, TEST_PASSWORD, type TestPractice } from "@wave/db/testing";
import { outcomeOf, signedInCaller, type Caller } from "../testing.js";

// Every path that raises or resolves a safety alert (DOMAIN.md's safety rule).
let database: WaveDatabase;
let practice: TestPractice;
let other: TestPractice;
let emily: Caller;
let sam: Caller;
let lead: Caller;
let otherLead: Caller;

const DAY = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const episode = (clientId: string, selfHarmThoughts: boolean, occurredAt = ago(60_000)) => ({
  id: randomUUID(),
  clientId,
  occurredAt,
  intensity: 7,
  types: ["despondency" as const],
  context: "nursing" as const,
  letDown: "first" as const,
  durationSeconds: 90,
  impact: "none" as const,
  selfHarmThoughts,
  ratedAfterEducation: true,
});
// Option indices in printed order; item 10's "Sometimes" is index 1 (scores 2).
const epdsAnswers = (item10Answer: number) => [0, 0, 3, 0, 3, 3, 3, 3, 3, item10Answer];

async function openAlertsOf(caller: Caller, clientId: string) {
  return (await caller.alerts.list()).rows.filter((alert) => alert.clientId === clientId);
}
async function resolve(caller: Caller, clientId: string) {
  await caller.followUps.complete({ id: randomUUID(), clientId, outcome: "reached", contact: "phone", notes: "Reached; safe." });
}

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "Alerts");
  other = await createTestPractice(database.db, "Alerts elsewhere");
  emily = await signedInCaller(database.db, practice.consultants[0].email, TEST_PASSWORD);
  sam = await signedInCaller(database.db, practice.consultants[1].email, TEST_PASSWORD);
  lead = await signedInCaller(database.db, practice.lead.email, TEST_PASSWORD);
  otherLead = await signedInCaller(database.db, other.lead.email, TEST_PASSWORD);
});
afterAll(() => database.close());

describe("raising safety alerts", () => {
  it("raises one alert for an episode reported with thoughts of self-harm, and none on a replay", async () => {
    const clientId = practice.clients[0][0];
    const input = episode(clientId, true);
    await emily.episodes.create(input);
    await emily.episodes.create(input);
    const alerts = await openAlertsOf(emily, clientId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ source: "episode", sourceId: input.id, reportedAt: input.occurredAt, acknowledgedAt: null });
    const client = await emily.clients.byId({ clientId });
    const flag = client.summary.flagDetails.find((detail) => detail.flag === "self_harm");
    expect(flag?.alerts.map((alert) => alert.sourceId)).toEqual([input.id]);
    expect(flag?.since).toBe(alerts[0]?.raisedAt);
    await resolve(emily, clientId);
    expect(await openAlertsOf(emily, clientId)).toEqual([]);
  });

  it("raises an alert when an edit turns self-harm on, never when it turns it off, and not twice", async () => {
    const clientId = practice.clients[0][0];
    const created = await emily.episodes.create(episode(clientId, false));
    expect(await openAlertsOf(emily, clientId)).toEqual([]);
    const { id: _id, clientId: _client, ...fields } = episode(clientId, true);
    const on = await emily.episodes.update({ ...fields, occurredAt: created.occurredAt, id: created.id, clientId, version: created.version });
    expect((await openAlertsOf(emily, clientId)).map((alert) => alert.sourceId)).toEqual([created.id]);
    // An edit of another field keeps one alert.
    const again = await emily.episodes.update({ ...fields, occurredAt: created.occurredAt, intensity: 8, id: created.id, clientId, version: on.version });
    expect(await openAlertsOf(emily, clientId)).toHaveLength(1);
    // Turning it off is a correction of the record, not a follow-up: the alert stays open.
    await emily.episodes.update({ ...fields, occurredAt: created.occurredAt, selfHarmThoughts: false, id: created.id, clientId, version: again.version });
    expect(await openAlertsOf(emily, clientId)).toHaveLength(1);
    expect((await emily.clients.byId({ clientId })).summary.flags).toContain("self_harm");
    await resolve(emily, clientId);
  });

  it("raises an alert for a back-dated report even when a follow-up was completed after the date it names", async () => {
    const clientId = practice.clients[0][1];
    await resolve(emily, clientId);
    await emily.episodes.create(episode(clientId, true, ago(3 * DAY)));
    expect(await openAlertsOf(emily, clientId)).toHaveLength(1);
    expect((await emily.caseload.list({ sort: { field: "displayName", desc: true } })).pinned.map((row) => row.clientId)).toEqual([clientId]);
    await resolve(emily, clientId);
  });

  it("raises an alert for an EPDS with item 10 above 0, naming the answer, and none for 'Never'", async () => {
    const clientId = practice.clients[0][1];
    await emily.screenings.createEpds({ id: randomUUID(), clientId, takenAt: ago(60_000), answers: epdsAnswers(3) });
    expect(await openAlertsOf(emily, clientId)).toEqual([]);
    const replayed = { id: randomUUID(), clientId, takenAt: ago(60_000), answers: epdsAnswers(1) };
    const { id } = replayed;
    await emily.screenings.createEpds(replayed);
    await emily.screenings.createEpds(replayed);
    const alerts = await openAlertsOf(emily, clientId);
    expect(alerts).toEqual([expect.objectContaining({ source: "epds", sourceId: id, item10Answer: 1 })]);
    await resolve(emily, clientId);
  });

  it("keeps a new report's alert open after an earlier one was resolved", async () => {
    const clientId = practice.clients[0][1];
    await emily.episodes.create(episode(clientId, true));
    await resolve(emily, clientId);
    await emily.episodes.create(episode(clientId, true));
    expect(await openAlertsOf(emily, clientId)).toHaveLength(1);
    await resolve(emily, clientId);
  });
});

describe("alerts.list and alerts.acknowledge", () => {
  it("shows each caller only the alerts of clients they may see", async () => {
    const samsClient = practice.clients[1][0];
    await sam.episodes.create(episode(samsClient, true));
    expect((await sam.alerts.list()).rows.map((alert) => alert.clientId)).toEqual([samsClient]);
    expect((await emily.alerts.list()).rows.map((alert) => alert.clientId)).not.toContain(samsClient);
    expect((await lead.alerts.list()).rows.map((alert) => alert.clientId)).toContain(samsClient);
    expect((await otherLead.alerts.list()).rows).toEqual([]);
  });

  it("records who acknowledged an alert, keeps it open, and answers NOT_FOUND to anyone who may not see it", async () => {
    const samsClient = practice.clients[1][0];
    const [alert] = await openAlertsOf(sam, samsClient);
    if (!alert) throw new Error("expected an open alert");
    expect(await outcomeOf(emily.alerts.acknowledge({ alertId: alert.alertId }))).toBe("NOT_FOUND");
    expect(await outcomeOf(otherLead.alerts.acknowledge({ alertId: alert.alertId }))).toBe("NOT_FOUND");
    expect(await outcomeOf(emily.alerts.acknowledge({ alertId: randomUUID() }))).toBe("NOT_FOUND");
    const seen = await lead.alerts.acknowledge({ alertId: alert.alertId });
    expect(seen).toMatchObject({ acknowledgedByName: practice.lead.name, resolvedAt: null });
    // A second acknowledgement keeps the first.
    const again = await sam.alerts.acknowledge({ alertId: alert.alertId });
    expect(again.acknowledgedAt).toBe(seen.acknowledgedAt);
    expect(again.acknowledgedByName).toBe(practice.lead.name);
    expect((await sam.clients.byId({ clientId: samsClient })).summary.flags).toContain("self_harm");
  });

  it("lists resolved alerts only with status all, open ones first", async () => {
    const samsClient = practice.clients[1][0];
    const all = await lead.alerts.list({ status: "all" });
    const open = all.rows.filter((alert) => alert.resolvedAt === null);
    expect(all.rows.slice(0, open.length)).toEqual(open);
    expect(all.rows.length).toBeGreaterThan(open.length);
    expect((await lead.alerts.list()).rows.every((alert) => alert.resolvedAt === null)).toBe(true);
    await resolve(sam, samsClient);
  });

  it("audits reads and acknowledgements", async () => {
    const rows = await database.db
      .selectFrom("audit_log")
      .select(["action"])
      .where("practice_id", "=", practice.practiceId)
      .where("action", "like", "safety_alert.%")
      .execute();
    const actions = new Set(rows.map((row) => row.action));
    expect(actions).toEqual(new Set(["safety_alert.raise", "safety_alert.list", "safety_alert.acknowledge"]));
  });
});

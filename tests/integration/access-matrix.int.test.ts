import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WaveDatabase } from "@wave/db";
import { createTestPractice, createTestSelfReportLink, openTestDatabase, TEST_PASSWORD, testEpisode, type TestPractice } from "@wave/db/testing";
import { appRouter } from "@wave/server";
import { anonymousCaller, episodeFields, isoDateDaysAgo, outcomeOf, signedInCaller, signInToken, type Caller } from "@wave/server/testing";
import { hashSessionToken } from "../../server/src/auth/session-token.js";

/**
 * Every procedure of the router, and what each kind of caller gets from it.
 * A procedure without a row fails the suite; later features add rows, and
 * rows are never removed. "OK" means the call succeeds.
 */
type Outcome = "OK" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "BAD_REQUEST";
/** "selfReportLink": no session, only the token of a live self-report link for the scenario's client. */
const ACTORS = ["anonymous", "assignedConsultant", "otherConsultant", "lead", "otherPracticeLead", "selfReportLink"] as const;
type ActorName = (typeof ACTORS)[number];

interface Scenario {
  /** The client every call is about: assigned to "assignedConsultant". */
  clientId: string;
  assignedConsultantId: string;
  assignedConsultantEmail: string;
  /** An episode and an intervention of that client. */
  episodeId: string;
  interventionId: string;
  /** An open safety alert of that client. */
  alertId: string;
  /** The stored version of a record now, so an update is not refused as stale. */
  versionOf: (table: "clients" | "episodes" | "interventions", id: string) => Promise<number>;
  /** A new consultant of the practice, made for this call alone. */
  newColleague: () => Promise<string>;
  /** The id of a new session of "assignedConsultant" (another browser), made for this call alone. */
  assignedConsultantSession: () => Promise<string>;
  /** A new self-report link of the client, made for this call alone. */
  newLinkId: () => Promise<string>;
  /**
   * The caller's self-report token: for "selfReportLink" a live link of the
   * client, made for this call alone; for everyone else, who holds none, a
   * well-formed token of no link.
   */
  linkToken: string;
  /** Opens an EPDS request for the client, unless one is open. */
  requestEpds: () => Promise<void>;
  actor: ActorName;
}

interface MatrixRow {
  call: (caller: Caller, scenario: Scenario) => Promise<unknown>;
  expect: Record<ActorName, Outcome>;
}

const past = () => new Date(Date.now() - 60_000).toISOString();
const clientFields = {
  displayName: "Matrix M.",
  babyBirthDate: isoDateDaysAgo(60),
  feedingMethod: "both" as const,
  consideringWeaning: false,
};

const everyoneSignedIn: Record<ActorName, Outcome> = {
  anonymous: "UNAUTHORIZED",
  assignedConsultant: "OK",
  otherConsultant: "OK",
  lead: "OK",
  otherPracticeLead: "OK",
  selfReportLink: "UNAUTHORIZED",
};
const whoMaySeeTheClient: Record<ActorName, Outcome> = {
  anonymous: "UNAUTHORIZED",
  assignedConsultant: "OK",
  otherConsultant: "NOT_FOUND",
  lead: "OK",
  otherPracticeLead: "NOT_FOUND",
  selfReportLink: "UNAUTHORIZED",
};

const leadsOnly: Record<ActorName, Outcome> = {
  anonymous: "UNAUTHORIZED",
  assignedConsultant: "FORBIDDEN",
  otherConsultant: "FORBIDDEN",
  lead: "OK",
  otherPracticeLead: "OK",
  selfReportLink: "UNAUTHORIZED",
};

/** The public self-report procedures: the token is the credential, a session is none. */
const holderOfTheLink: Record<ActorName, Outcome> = {
  anonymous: "NOT_FOUND",
  assignedConsultant: "NOT_FOUND",
  otherConsultant: "NOT_FOUND",
  lead: "NOT_FOUND",
  otherPracticeLead: "NOT_FOUND",
  selfReportLink: "OK",
};

const MATRIX: Record<string, MatrixRow> = {
  "auth.login": {
    call: (caller, scenario) => caller.auth.login({ email: scenario.assignedConsultantEmail, password: TEST_PASSWORD }),
    expect: { anonymous: "OK", assignedConsultant: "OK", otherConsultant: "OK", lead: "OK", otherPracticeLead: "OK", selfReportLink: "OK" },
  },
  "auth.logout": { call: (caller) => caller.auth.logout(), expect: everyoneSignedIn },
  "auth.me": { call: (caller) => caller.auth.me(), expect: everyoneSignedIn },
  "auth.sessions": { call: (caller) => caller.auth.sessions(), expect: everyoneSignedIn },
  "auth.endSession": {
    // Only its owner can end a session; to anyone else, a lead of the practice included, it does not exist.
    call: async (caller, scenario) => caller.auth.endSession({ sessionId: await scenario.assignedConsultantSession() }),
    expect: {
      anonymous: "UNAUTHORIZED",
      assignedConsultant: "OK",
      otherConsultant: "NOT_FOUND",
      lead: "NOT_FOUND",
      otherPracticeLead: "NOT_FOUND",
      selfReportLink: "UNAUTHORIZED",
    },
  },
  "auth.changePassword": {
    // Changes it and back, so later cells can still sign in.
    call: async (caller) => {
      await caller.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: "a brand new passphrase" });
      return caller.auth.changePassword({ currentPassword: "a brand new passphrase", newPassword: TEST_PASSWORD });
    },
    expect: everyoneSignedIn,
  },
  "caseload.list": { call: (caller) => caller.caseload.list(), expect: everyoneSignedIn },
  "clients.byId": {
    call: (caller, scenario) => caller.clients.byId({ clientId: scenario.clientId }),
    expect: whoMaySeeTheClient,
  },
  "clients.create": {
    // Leads name the consultant; a lead of another practice cannot name this practice's.
    call: (caller, scenario) =>
      caller.clients.create({
        ...clientFields,
        ...(scenario.actor.endsWith("ead") ? { primaryConsultantId: scenario.assignedConsultantId } : {}),
      }),
    expect: { ...everyoneSignedIn, otherPracticeLead: "BAD_REQUEST" },
  },
  "clients.update": {
    call: async (caller, scenario) =>
      caller.clients.update({
        ...clientFields,
        displayName: `Updated by ${scenario.actor}`,
        clientId: scenario.clientId,
        version: await scenario.versionOf("clients", scenario.clientId),
      }),
    expect: whoMaySeeTheClient,
  },
  "episodes.list": {
    call: (caller, scenario) => caller.episodes.list({ clientId: scenario.clientId }),
    expect: whoMaySeeTheClient,
  },
  "episodes.create": {
    call: (caller, scenario) => caller.episodes.create({ ...episodeFields(), id: randomUUID(), clientId: scenario.clientId }),
    expect: whoMaySeeTheClient,
  },
  "episodes.update": {
    call: async (caller, scenario) =>
      caller.episodes.update({
        ...episodeFields(),
        id: scenario.episodeId,
        clientId: scenario.clientId,
        version: await scenario.versionOf("episodes", scenario.episodeId),
      }),
    expect: whoMaySeeTheClient,
  },
  "interventions.list": {
    call: (caller, scenario) => caller.interventions.list({ clientId: scenario.clientId }),
    expect: whoMaySeeTheClient,
  },
  "interventions.create": {
    call: (caller, scenario) =>
      caller.interventions.create({ id: randomUUID(), clientId: scenario.clientId, kind: "grounding", startedAt: past() }),
    expect: whoMaySeeTheClient,
  },
  "interventions.update": {
    call: async (caller, scenario) =>
      caller.interventions.update({
        id: scenario.interventionId,
        clientId: scenario.clientId,
        kind: "education",
        startedAt: new Date(Date.now() - 7 * 86_400_000).toISOString(),
        version: await scenario.versionOf("interventions", scenario.interventionId),
      }),
    expect: whoMaySeeTheClient,
  },
  "interventions.recordOutcome": {
    call: (caller, scenario) =>
      caller.interventions.recordOutcome({
        id: randomUUID(),
        clientId: scenario.clientId,
        interventionId: scenario.interventionId,
        assessedAt: past(),
        outcome: "improved",
      }),
    expect: whoMaySeeTheClient,
  },
  "screenings.list": {
    call: (caller, scenario) => caller.screenings.list({ clientId: scenario.clientId }),
    expect: whoMaySeeTheClient,
  },
  "screenings.createEpds": {
    call: (caller, scenario) =>
      caller.screenings.createEpds({
        id: randomUUID(),
        clientId: scenario.clientId,
        takenAt: past(),
        answers: [0, 0, 3, 0, 3, 3, 3, 3, 3, 3],
      }),
    expect: whoMaySeeTheClient,
  },
  "followUps.list": {
    call: (caller, scenario) => caller.followUps.list({ clientId: scenario.clientId }),
    expect: whoMaySeeTheClient,
  },
  "followUps.schedule": {
    call: (caller, scenario) =>
      caller.followUps.schedule({ clientId: scenario.clientId, dueAt: new Date(Date.now() + 86_400_000).toISOString() }),
    expect: whoMaySeeTheClient,
  },
  "followUps.complete": {
    call: (caller, scenario) =>
      caller.followUps.complete({
        id: randomUUID(),
        clientId: scenario.clientId,
        outcome: "not_reached",
        contact: "phone",
        notes: "No answer; will try again.",
      }),
    expect: whoMaySeeTheClient,
  },
  "alerts.list": { call: (caller) => caller.alerts.list({ status: "all" }), expect: everyoneSignedIn },
  "alerts.acknowledge": {
    call: (caller, scenario) => caller.alerts.acknowledge({ alertId: scenario.alertId }),
    expect: whoMaySeeTheClient,
  },
  "notes.list": {
    call: (caller, scenario) => caller.notes.list({ clientId: scenario.clientId }),
    expect: whoMaySeeTheClient,
  },
  "notes.create": {
    call: (caller, scenario) => caller.notes.create({ id: randomUUID(), clientId: scenario.clientId, body: "Matrix note." }),
    expect: whoMaySeeTheClient,
  },
  "users.create": {
    call: (caller, scenario) =>
      caller.users.create({ email: `new-${scenario.actor}-${randomUUID()}@example.test`, name: "New Colleague", role: "consultant" }),
    expect: leadsOnly,
  },
  "users.deactivate": {
    // Another practice's lead cannot reach this practice's staff.
    call: async (caller, scenario) => caller.users.deactivate({ userId: await scenario.newColleague() }),
    expect: { ...leadsOnly, otherPracticeLead: "NOT_FOUND" },
  },
  "clients.assign": {
    call: (caller, scenario) => caller.clients.assign({ clientId: scenario.clientId, consultantId: scenario.assignedConsultantId }),
    expect: { ...leadsOnly, otherPracticeLead: "NOT_FOUND" },
  },
  "audit.list": { call: (caller) => caller.audit.list({ pageSize: 10 }), expect: leadsOnly },
  "users.list": {
    call: (caller) => caller.users.list(),
    expect: leadsOnly,
  },
  "analytics.practiceOverview": {
    call: (caller) => caller.analytics.practiceOverview({ from: "2026-01-01", to: "2026-03-31" }),
    expect: leadsOnly,
  },
  "analytics.interventionEffectiveness": {
    call: (caller) => caller.analytics.interventionEffectiveness({ from: "2026-01-01", to: "2026-03-31" }),
    expect: leadsOnly,
  },
  "analytics.courseByPostpartumWeek": { call: (caller) => caller.analytics.courseByPostpartumWeek({}), expect: leadsOnly },
  "analytics.consultantWorkload": { call: (caller) => caller.analytics.consultantWorkload(), expect: leadsOnly },
  "analytics.drillDown": {
    // Another practice's lead cannot open this practice's cells: there is no such cell for them.
    call: (caller, scenario) =>
      caller.analytics.drillDown({ cell: "workload", consultantId: scenario.assignedConsultantId, measure: "activeClients" }),
    expect: { ...leadsOnly, otherPracticeLead: "NOT_FOUND" },
  },
  "analytics.clientTrend": {
    call: (caller, scenario) => caller.analytics.clientTrend({ clientId: scenario.clientId, bucket: "day" }),
    expect: whoMaySeeTheClient,
  },
  "practices.settings": { call: (caller) => caller.practices.settings(), expect: everyoneSignedIn },
  "practices.updateSettings": {
    // Each lead sets their own practice's.
    call: (caller) => caller.practices.updateSettings({ phone: "(555) 010-1234", crisisLine: "" }),
    expect: leadsOnly,
  },
  "selfReport.createLink": {
    call: (caller, scenario) => caller.selfReport.createLink({ clientId: scenario.clientId, expiresInDays: 7 }),
    expect: whoMaySeeTheClient,
  },
  "selfReport.listLinks": {
    call: (caller, scenario) => caller.selfReport.listLinks({ clientId: scenario.clientId }),
    expect: whoMaySeeTheClient,
  },
  "selfReport.revokeLink": {
    call: async (caller, scenario) => caller.selfReport.revokeLink({ linkId: await scenario.newLinkId() }),
    expect: whoMaySeeTheClient,
  },
  "selfReport.requestEpds": {
    call: (caller, scenario) => caller.selfReport.requestEpds({ clientId: scenario.clientId }),
    expect: whoMaySeeTheClient,
  },
  "selfReport.status": { call: (caller, scenario) => caller.selfReport.status({ token: scenario.linkToken }), expect: holderOfTheLink },
  "selfReport.submit": {
    call: (caller, scenario) =>
      caller.selfReport.submit({
        token: scenario.linkToken,
        episode: { id: randomUUID(), occurredAt: past(), intensity: 4, selfHarmThoughts: false },
      }),
    expect: holderOfTheLink,
  },
  "selfReport.submitEpds": {
    call: async (caller, scenario) => {
      await scenario.requestEpds();
      return caller.selfReport.submitEpds({ token: scenario.linkToken, id: randomUUID(), answers: [0, 0, 3, 0, 3, 3, 3, 3, 3, 3] });
    },
    expect: holderOfTheLink,
  },
};

let database: WaveDatabase;
let practice: TestPractice;
let otherPractice: TestPractice;
let episodeId: string;
let interventionId: string;
let alertId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "Matrix");
  otherPractice = await createTestPractice(database.db, "Matrix other");
  const clientId = practice.clients[0][0];
  const episode = testEpisode(practice.practiceId, clientId);
  episodeId = episode.id;
  await database.db.insertInto("episodes").values(episode).execute();
  interventionId = randomUUID();
  await database.db
    .insertInto("interventions")
    .values({
      practice_id: practice.practiceId,
      id: interventionId,
      client_id: clientId,
      kind: "education",
      started_at: new Date(Date.now() - 7 * 86_400_000),
      recorded_by: practice.consultants[0].id,
    })
    .execute();
  const alert = await database.db
    .insertInto("safety_alerts")
    .values({ practice_id: practice.practiceId, client_id: clientId, source: "episode", source_id: episodeId, reported_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  alertId = alert.id;
});

async function newColleague(): Promise<string> {
  const row = await database.db
    .insertInto("users")
    .values({
      practice_id: practice.practiceId,
      email: `colleague-${randomUUID()}@example.test`,
      name: "Colleague",
      role: "consultant",
      password_hash: "not-a-hash",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function assignedConsultantSession(): Promise<string> {
  const token = await signInToken(database.db, practice.consultants[0].email, TEST_PASSWORD);
  const row = await database.db
    .selectFrom("sessions")
    .select("id")
    .where("token_hash", "=", hashSessionToken(token))
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A live link of the scenario's client; its token. */
function newLink(): Promise<{ id: string; token: string }> {
  return createTestSelfReportLink(database.db, {
    practiceId: practice.practiceId,
    clientId: practice.clients[0][0],
    createdBy: practice.consultants[0].id,
  });
}

async function requestEpds(): Promise<void> {
  await database.db
    .insertInto("epds_requests")
    .values({ practice_id: practice.practiceId, client_id: practice.clients[0][0], requested_by: practice.consultants[0].id })
    .onConflict((conflict) => conflict.columns(["practice_id", "client_id"]).where("fulfilled_at", "is", null).doNothing())
    .execute();
}

async function versionOf(table: "clients" | "episodes" | "interventions", id: string): Promise<number> {
  const row = await database.db.selectFrom(table).select("version").where("id", "=", id).executeTakeFirstOrThrow();
  return row.version;
}
afterAll(() => database.close());

async function callerFor(actor: ActorName): Promise<Caller> {
  const emailOf: Record<Exclude<ActorName, "anonymous" | "selfReportLink">, string> = {
    assignedConsultant: practice.consultants[0].email,
    otherConsultant: practice.consultants[1].email,
    lead: practice.lead.email,
    otherPracticeLead: otherPractice.lead.email,
  };
  // Threshold 1: the practice here is tiny, and access, not suppression, is under test.
  // The link's holder has no session at all: the token travels in each call's input.
  return actor === "anonymous" || actor === "selfReportLink"
    ? anonymousCaller(database.db)
    : signedInCaller(database.db, emailOf[actor], TEST_PASSWORD, { smallCellThreshold: 1 });
}


describe("access matrix", () => {
  it("has a row for every procedure of the router, and no row for a procedure that does not exist", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect(Object.keys(MATRIX).sort()).toEqual(procedures);
  });

  for (const [path, row] of Object.entries(MATRIX)) {
    for (const actor of ACTORS) {
      it(`${path} as ${actor} -> ${row.expect[actor]}`, async () => {
        // A fresh caller per cell: some calls (auth.logout) end the session.
        const caller = await callerFor(actor);
        const scenario: Scenario = {
          clientId: practice.clients[0][0],
          assignedConsultantId: practice.consultants[0].id,
          assignedConsultantEmail: practice.consultants[0].email,
          episodeId,
          interventionId,
          alertId,
          versionOf,
          newColleague,
          assignedConsultantSession,
          newLinkId: async () => (await newLink()).id,
          linkToken: actor === "selfReportLink" ? (await newLink()).token : randomBytes(32).toString("base64url"),
          requestEpds,
          actor,
        };
        expect(await outcomeOf(row.call(caller, scenario))).toBe(row.expect[actor]);
      });
    }
  }
});

describe("refused client access", () => {
  it("leaves exactly one access.denied row naming the client, in the caller's own practice", async () => {
    const caller = await callerFor("otherConsultant");
    const clientId = practice.clients[0][0];
    const last = await database.db
      .selectFrom("audit_log")
      .select(({ fn }) => fn.max("id").as("id"))
      .executeTakeFirstOrThrow();
    expect(await outcomeOf(caller.clients.byId({ clientId }))).toBe("NOT_FOUND");
    const rows = await database.db
      .selectFrom("audit_log")
      .select(["practice_id", "actor_id", "action", "entity", "entity_id"])
      .where("id", ">", last.id ?? "0")
      .execute();
    expect(rows).toEqual([
      { practice_id: practice.practiceId, actor_id: practice.consultants[1].id, action: "access.denied", entity: "client", entity_id: clientId },
    ]);
  });
});

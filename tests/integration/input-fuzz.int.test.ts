import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { TRPCError } from "@trpc/server";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WaveDatabase } from "@wave/db";
import {
  createTestPractice,
  createTestSelfReportLink,
  openTestDatabase,
  TEST_ENV,
  TEST_PASSWORD,
  testEpisode,
  type TestPractice,
} from "@wave/db/testing";
import { appRouter } from "@wave/server";
import { episodeFields, isoDateDaysAgo, signedInCaller, type Caller } from "@wave/server/testing";
import { describeError } from "../../server/src/trpc.js";

/**
 * Bad input never gets a 500. Every procedure of the router is called, as a
 * lead and as a consultant, with arbitrary and boundary inputs: a near-valid
 * input with one field replaced, removed or joined by an extra key, and
 * wholly arbitrary values. Any code but INTERNAL_SERVER_ERROR is fine; a
 * BAD_REQUEST must name the field it is about.
 */
const RUNS_PER_PROCEDURE = 30;
const SEED = 20261201;
const ARTIFACT = resolve(dirname(fileURLToPath(import.meta.url)), "../artifacts/input-fuzz.json");

type Input = Record<string, unknown>;
interface Scenario {
  clientId: string;
  consultantId: string;
  episodeId: string;
  interventionId: string;
  alertId: string;
  /** A live self-report link of the client: the public procedures' credential. */
  linkToken: string;
  /** Another link of the client, for revoking (the one above must stay live). */
  spareLinkId: string;
  versionOf: (table: "clients" | "episodes" | "interventions", id: string) => Promise<number>;
}

const past = () => new Date(Date.now() - 60_000).toISOString();
const soon = () => new Date(Date.now() + 86_400_000).toISOString();
// Valid text to mutate: the fuzzer needs every text field present.
const episodeWithNotes = () => ({ ...episodeFields(), notes: "Felt it at the first let-down." });
const clientFields = { displayName: "Fuzz F.", babyBirthDate: isoDateDaysAgo(90), feedingMethod: "both" as const, consideringWeaning: false };

/**
 * A valid (or nearly valid) input per procedure, for the fuzzer to break one
 * field at a time. A procedure without one fails the suite until it is given
 * one or listed in GENERIC_ONLY with the reason.
 */
const BASES: Record<string, (s: Scenario) => Input | Promise<Input>> = {
  // Never the right password: a fuzzed input must not sign anyone in or change anything.
  "auth.login": () => ({ email: "nobody@example.test", password: "not the password" }),
  "auth.changePassword": () => ({ currentPassword: "not the password", newPassword: "a brand new passphrase" }),
  // A session that does not exist (NOT_FOUND): the fuzzer must never end its own callers' sessions.
  "auth.endSession": () => ({ sessionId: randomUUID() }),
  "caseload.list": () => ({
    search: "Ada",
    sort: { field: "displayName", desc: true },
    filters: { band: "mild", followUpDueWithinDays: 7, noEpisodeInDays: 3, includeDischarged: true },
    page: 1,
    pageSize: 25,
  }),
  "clients.byId": (s) => ({ clientId: s.clientId }),
  "clients.create": () => ({ ...clientFields, id: randomUUID() }),
  "clients.update": async (s) => ({ ...clientFields, clientId: s.clientId, version: await s.versionOf("clients", s.clientId) }),
  "clients.assign": (s) => ({ clientId: s.clientId, consultantId: s.consultantId }),
  "episodes.list": (s) => ({ clientId: s.clientId, from: "2026-01-01T00:00:00Z", to: soon() }),
  "episodes.create": (s) => ({ ...episodeWithNotes(), id: randomUUID(), clientId: s.clientId }),
  "episodes.update": async (s) => ({
    ...episodeWithNotes(),
    id: s.episodeId,
    clientId: s.clientId,
    version: await s.versionOf("episodes", s.episodeId),
  }),
  "interventions.list": (s) => ({ clientId: s.clientId }),
  "interventions.create": (s) => ({ id: randomUUID(), clientId: s.clientId, kind: "other", startedAt: past(), details: "Warm compress." }),
  "interventions.update": async (s) => ({
    id: s.interventionId,
    clientId: s.clientId,
    kind: "education",
    startedAt: new Date(Date.now() - 7 * 86_400_000).toISOString(),
    endedAt: past(),
    version: await s.versionOf("interventions", s.interventionId),
  }),
  "interventions.recordOutcome": (s) => ({
    id: randomUUID(),
    clientId: s.clientId,
    interventionId: s.interventionId,
    assessedAt: past(),
    outcome: "improved",
    notes: "Better.",
  }),
  "screenings.list": (s) => ({ clientId: s.clientId }),
  "screenings.createEpds": (s) => ({ id: randomUUID(), clientId: s.clientId, takenAt: past(), answers: [0, 0, 3, 0, 3, 3, 3, 3, 3, 3] }),
  "followUps.list": (s) => ({ clientId: s.clientId }),
  "followUps.schedule": (s) => ({ clientId: s.clientId, dueAt: soon() }),
  "followUps.complete": (s) => ({
    id: randomUUID(),
    clientId: s.clientId,
    outcome: "not_reached",
    contact: "phone",
    notes: "No answer.",
    nextDueAt: soon(),
  }),
  "alerts.list": () => ({ status: "all" }),
  "alerts.acknowledge": (s) => ({ alertId: s.alertId }),
  "notes.list": (s) => ({ clientId: s.clientId }),
  "notes.create": (s) => ({ id: randomUUID(), clientId: s.clientId, body: "A note." }),
  "users.create": () => ({ email: `fuzz-${randomUUID()}@example.test`, name: "New Colleague", role: "consultant" }),
  // A user who does not exist: the fuzzer must never deactivate the callers themselves.
  "users.deactivate": () => ({ userId: randomUUID() }),
  "audit.list": (s) => ({ clientId: s.clientId, action: "episodes.create", from: "2026-01-01", to: "2026-12-31", page: 1, pageSize: 10 }),
  "analytics.practiceOverview": () => ({ from: "2026-01-01", to: "2026-03-31" }),
  "analytics.interventionEffectiveness": () => ({ from: "2026-01-01", to: "2026-03-31" }),
  "analytics.courseByPostpartumWeek": (s) => ({ consultantId: s.consultantId }),
  "analytics.drillDown": () => ({ cell: "overview", from: "2026-01-01", to: "2026-03-31", weekStart: "2026-02-02", measure: "episodes" }),
  "analytics.clientTrend": (s) => ({ clientId: s.clientId, bucket: "day" }),
  "practices.updateSettings": () => ({ phone: "(555) 010-4477", crisisLine: "" }),
  "selfReport.createLink": (s) => ({ clientId: s.clientId, expiresInDays: 7 }),
  "selfReport.listLinks": (s) => ({ clientId: s.clientId }),
  "selfReport.revokeLink": (s) => ({ linkId: s.spareLinkId }),
  "selfReport.requestEpds": (s) => ({ clientId: s.clientId }),
  // The public ones take the token of a live link; their rate limits may answer TOO_MANY_REQUESTS, which is fine.
  "selfReport.status": (s) => ({ token: s.linkToken }),
  "selfReport.submit": (s) => ({
    token: s.linkToken,
    episode: { id: randomUUID(), occurredAt: past(), intensity: 7, selfHarmThoughts: false, types: ["despondency"], letDown: "later", notes: "At the first feed." },
  }),
  "selfReport.submitEpds": (s) => ({ token: s.linkToken, id: randomUUID(), answers: [0, 0, 3, 0, 3, 3, 3, 3, 3, 3] }),
};

/** Procedures that take no input: they still get every generic case (and must ignore it). */
const GENERIC_ONLY: Record<string, string> = {
  "auth.logout": "takes no input, and ends the session: called with a caller of its own",
  "auth.me": "takes no input",
  "auth.sessions": "takes no input",
  "users.list": "takes no input",
  "analytics.consultantWorkload": "takes no input",
  "practices.settings": "takes no input",
};
/** Procedures that end the caller's session get a caller of their own, so the others keep theirs. */
const ENDS_SESSION = new Set(["auth.logout"]);

// ---------- the values ----------
const OFFSETS = ["Z", "+00:00", "+23:59", "-23:59", "-12:00", "+14:00", "+16:00", "-00:00", "+24:00", "+05:45"];
const pad = (value: number, width: number) => String(value).padStart(width, "0");
const instantString = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 24 }),
    minute: fc.integer({ min: 0, max: 60 }),
    offset: fc.constantFrom(...OFFSETS),
  })
  .map((d) => `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}T${pad(d.hour, 2)}:${pad(d.minute, 2)}:00${d.offset}`);
const dateString = fc
  .record({ year: fc.integer({ min: 0, max: 9999 }), month: fc.integer({ min: 0, max: 13 }), day: fc.integer({ min: 0, max: 32 }) })
  .map((d) => `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}`);

function deeplyNested(depth: number): unknown {
  let value: unknown = "deep";
  for (let level = 0; level < depth; level++) value = level % 2 === 0 ? [value] : { a: value };
  return value;
}

const BOUNDARY_VALUES: unknown[] = [
  null,
  undefined,
  true,
  false,
  0,
  -0,
  -1,
  0.5,
  Number.POSITIVE_INFINITY, // 1e309 as JSON.parse reads it
  Number.NEGATIVE_INFINITY,
  Number.NaN,
  2 ** 31,
  2 ** 31 - 1,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  Number.MAX_VALUE,
  "",
  " ",
  "x".repeat(100_000),
  "\0",
  "Ada\0",
  "\uD800",
  "x\uDC00",
  "\u200B",
  "\u200B\u200D\uFEFF",
  "\u202Eevil",
  "😀👩‍👩‍👧",
  "Ünïcödé ✓ 中文",
  "0000-01-01",
  "9999-12-31",
  "2026-02-30",
  "0000-01-01T00:00:00Z",
  "9999-12-31T23:59:59+16:00",
  "2026-06-01T00:00:00+23:59",
  "00000000-0000-0000-0000-000000000000",
  "FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF",
  [],
  {},
  [1, 2, 3],
  { __proto__: null, constructor: "x" },
  deeplyNested(500),
];

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...BOUNDARY_VALUES) },
  { weight: 2, arbitrary: instantString },
  { weight: 1, arbitrary: dateString },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
);

/** How one case changes the base input. */
type Mutation =
  | { kind: "replace"; keyIndex: number; value: unknown }
  | { kind: "replaceNested"; keyIndex: number; value: unknown }
  | { kind: "remove"; keyIndex: number }
  | { kind: "extraKey"; key: string; value: unknown }
  | { kind: "whole"; value: unknown };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("replace" as const), keyIndex: fc.nat(), value: anyValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("replaceNested" as const), keyIndex: fc.nat(), value: anyValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("remove" as const), keyIndex: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("extraKey" as const),
      key: fc.constantFrom("__proto__", "constructor", "practiceId", "role", "extra", "x".repeat(1000)),
      value: anyValue,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("whole" as const), value: anyValue }) },
);

function apply(base: Input | undefined, change: Mutation): unknown {
  if (change.kind === "whole" || !base) return change.kind === "whole" ? change.value : undefined;
  const keys = Object.keys(base);
  const input: Input = { ...base };
  if (change.kind === "extraKey") {
    Object.defineProperty(input, change.key, { value: change.value, enumerable: true, writable: true, configurable: true });
    return input;
  }
  const key = keys[change.keyIndex % keys.length];
  if (key === undefined) return input;
  if (change.kind === "remove") delete input[key];
  else if (change.kind === "replace") input[key] = change.value;
  else {
    // Inside an array or object field (answers, types, sort, filters): its first element.
    const inner = input[key];
    if (Array.isArray(inner)) input[key] = [change.value, ...(inner as unknown[]).slice(1)];
    else if (inner && typeof inner === "object") {
      const innerKey = Object.keys(inner)[0] ?? "x";
      input[key] = { ...inner, [innerKey]: change.value };
    } else input[key] = change.value;
  }
  return input;
}

function describeInput(input: unknown): string {
  try {
    const json = JSON.stringify(input, (_key, value: unknown) =>
      typeof value === "string" && value.length > 80 ? `${value.slice(0, 20)}…(${value.length} chars)` : value,
    );
    return json === undefined ? String(input) : json.length > 600 ? `${json.slice(0, 600)}…` : json;
  } catch {
    return String(input);
  }
}

function procedureOf(caller: Caller, path: string): (input: unknown) => Promise<unknown> {
  let target: unknown = caller;
  for (const key of path.split(".")) target = (target as Record<string, unknown>)[key];
  if (typeof target !== "function") throw new Error(`no procedure ${path} on the caller`);
  return target as (input: unknown) => Promise<unknown>;
}

// ---------- the suite ----------
let database: WaveDatabase;
let practice: TestPractice;
let scenario: Scenario;
const ACTORS = ["lead", "consultant"] as const;
type ActorName = (typeof ACTORS)[number];
const callers = {} as Record<ActorName, Caller>;
const counts: Record<string, Record<string, Record<string, number>>> = {};
let totalCases = 0;

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "Fuzz");
  const clientId = practice.clients[0][0];
  const episode = testEpisode(practice.practiceId, clientId, { occurred_at: new Date(Date.now() - 3 * 86_400_000) });
  await database.db.insertInto("episodes").values(episode).execute();
  const intervention = await database.db
    .insertInto("interventions")
    .values({
      practice_id: practice.practiceId,
      id: randomUUID(),
      client_id: clientId,
      kind: "grounding",
      started_at: new Date(Date.now() - 10 * 86_400_000),
      recorded_by: practice.consultants[0].id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const alert = await database.db
    .insertInto("safety_alerts")
    .values({ practice_id: practice.practiceId, client_id: clientId, source: "episode", source_id: episode.id, reported_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  const link = () => createTestSelfReportLink(database.db, { practiceId: practice.practiceId, clientId, createdBy: practice.consultants[0].id });
  await database.db
    .insertInto("epds_requests")
    .values({ practice_id: practice.practiceId, client_id: clientId, requested_by: practice.consultants[0].id })
    .execute();
  scenario = {
    clientId,
    consultantId: practice.consultants[0].id,
    episodeId: episode.id,
    interventionId: intervention.id,
    alertId: alert.id,
    linkToken: (await link()).token,
    spareLinkId: (await link()).id,
    versionOf: async (table, id) =>
      (await database.db.selectFrom(table).select("version").where("id", "=", id).executeTakeFirstOrThrow()).version,
  };
  callers.lead = await signedInCaller(database.db, practice.lead.email, TEST_PASSWORD);
  callers.consultant = await signedInCaller(database.db, practice.consultants[0].email, TEST_PASSWORD);
});

afterAll(async () => {
  await database.close();
  const outcomes: Record<string, number> = {};
  for (const byActor of Object.values(counts))
    for (const byCode of Object.values(byActor))
      for (const [code, count] of Object.entries(byCode)) outcomes[code] = (outcomes[code] ?? 0) + count;
  await mkdir(dirname(ARTIFACT), { recursive: true });
  await writeFile(
    ARTIFACT,
    `${JSON.stringify({ engine: process.env[TEST_ENV.serverUrl] ? "server" : "embedded", seed: SEED, runsPerProcedurePerActor: RUNS_PER_PROCEDURE, totalCases, outcomes, genericOnly: GENERIC_ONLY, byProcedure: counts }, null, 2)}\n`,
  );
  console.info(
    `input fuzz: ${Object.keys(counts).length} procedures x ${ACTORS.length} actors, ${totalCases} cases: ${Object.entries(outcomes)
      .map(([code, count]) => `${code} ${count}`)
      .join(", ")}`,
  );
});

describe("bad input never gets a 500", () => {
  const procedures = Object.keys(appRouter._def.procedures).sort();

  it("has a base input, or a stated reason for having none, for every procedure", () => {
    const missing = procedures.filter((path) => !(path in BASES) && !(path in GENERIC_ONLY));
    expect(missing).toEqual([]);
    expect([...Object.keys(BASES), ...Object.keys(GENERIC_ONLY)].filter((path) => !procedures.includes(path))).toEqual([]);
  });

  for (const path of procedures) {
    for (const actor of ACTORS) {
      it(`${path} as ${actor}`, async () => {
        const caller = ENDS_SESSION.has(path)
          ? await signedInCaller(database.db, actor === "lead" ? practice.lead.email : practice.consultants[0].email, TEST_PASSWORD)
          : callers[actor];
        const call = procedureOf(caller, path);
        const base = BASES[path];
        const failures: string[] = [];
        const tally: Record<string, number> = {};
        const changes = fc.sample(mutation, { numRuns: RUNS_PER_PROCEDURE, seed: SEED + path.length });
        for (const change of changes) {
          const input = apply(base ? await base(scenario) : undefined, change);
          let code = "OK";
          try {
            await call(input);
          } catch (error) {
            if (!(error instanceof TRPCError)) {
              failures.push(`not a tRPC error for ${describeInput(input)}: ${String(error)}`);
              code = "THROWN";
            } else {
              code = error.code;
              const { fieldErrors, message } = describeError(error);
              if (code === "INTERNAL_SERVER_ERROR") {
                const cause = error.cause instanceof Error ? error.cause.message : String(error.cause);
                failures.push(`500 for ${describeInput(input)}: ${cause.slice(0, 300)}`);
              }
              const namesField =
                (fieldErrors !== null && Object.keys(fieldErrors).length > 0) ||
                Object.keys(base ? await base(scenario) : {}).some((field) => message.includes(field));
              if (code === "BAD_REQUEST" && !namesField) {
                failures.push(`BAD_REQUEST naming no field for ${describeInput(input)}: ${message}`);
              }
            }
          }
          tally[code] = (tally[code] ?? 0) + 1;
          totalCases++;
        }
        (counts[path] ??= {})[actor] = tally;
        expect(failures).toEqual([]);
      });
    }
  }
});

/** The field a refused call names, as the client would show it. */
async function refusedField(call: Promise<unknown>): Promise<string[]> {
  try {
    await call;
    return ["(accepted)"];
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    expect(error.code).toBe("BAD_REQUEST");
    return Object.keys(describeError(error).fieldErrors ?? {});
  }
}

describe("clinical plausibility, refused on the field it is about", () => {
  // The test practice's babies were born on 2026-09-01.
  it("refuses an episode or an EPDS more than 9 months before the baby's birth, and takes one during the pregnancy", async () => {
    const { clientId } = scenario;
    const episode = { ...episodeWithNotes(), clientId };
    expect(await refusedField(callers.consultant.episodes.create({ ...episode, id: randomUUID(), occurredAt: "2025-11-01T10:00:00Z" }))).toEqual([
      "occurredAt",
    ]);
    await expect(
      callers.consultant.episodes.create({ ...episode, id: randomUUID(), occurredAt: "2026-03-01T10:00:00Z" }),
    ).resolves.toMatchObject({ clientId });
    const epds = { clientId, answers: [0, 0, 3, 0, 3, 3, 3, 3, 3, 3] };
    expect(await refusedField(callers.consultant.screenings.createEpds({ ...epds, id: randomUUID(), takenAt: "1990-01-01T00:00:00Z" }))).toEqual([
      "takenAt",
    ]);
  });

  it("refuses a follow-up due more than 12 months ahead", async () => {
    const dueAt = new Date(Date.now() + 400 * 86_400_000).toISOString();
    expect(await refusedField(callers.consultant.followUps.schedule({ clientId: scenario.clientId, dueAt }))).toEqual(["dueAt"]);
  });

  it("refuses names that are only invisible characters", async () => {
    expect(await refusedField(callers.lead.clients.create({ ...clientFields, displayName: "\u200B\u200D" }))).toEqual(["displayName"]);
    expect(
      await refusedField(callers.lead.users.create({ email: `fuzz-${randomUUID()}@example.test`, name: "\u2060\uFEFF\u200B", role: "consultant" })),
    ).toEqual(["name"]);
  });

  it("bounds every analytics range, the drill-down's too", async () => {
    const tooLong = { cell: "overview", from: "2020-01-01", to: "2026-01-01", weekStart: "2025-01-06", measure: "episodes" } as const;
    expect(await refusedField(callers.lead.analytics.drillDown(tooLong))).toEqual(["from"]);
    expect(await refusedField(callers.lead.audit.list({ from: "2026-03-01", to: "2026-01-01" }))).toEqual(["from"]);
    expect(await refusedField(callers.lead.analytics.practiceOverview({ from: "0000-01-01", to: "2026-01-01" }))).toEqual(["from"]);
  });
});

import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assumeLinkHolder, withActor, withSelfReportLink, type Tx, type WaveDatabase } from "@wave/db";
import { countRows, createTestPractice, openTestDatabase, TEST_PASSWORD, testEpisode, type TestPractice } from "@wave/db/testing";
import { SELF_REPORT_ENDED, type SelfReportEpisodeInput } from "@wave/shared";
import { createApp, createLogger } from "@wave/server";
import { outcomeOf, signedInCaller, signInToken, type Caller } from "@wave/server/testing";
import { listen } from "../support/listen";

// Client self-report links (CONTRACT.md selfReport.*, docs/decisions/0021), as
// the client's phone uses them: over HTTP, where cookies, caching headers and
// the session that must be ignored are real. Staff act through callers.

const DAY_MS = 86_400_000;
const NO_QUESTIONNAIRE = "There is no questionnaire waiting on this link.";

let database: WaveDatabase;
let practice: TestPractice;
let otherPractice: TestPractice;
let consultant: Caller;
let colleague: Caller;
let lead: Caller;
/** The app's clock runs this far ahead of the real one (expiry tests move it). */
let clockOffsetMs = 0;
let served: { server: Server; base: string };

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "Self-report");
  otherPractice = await createTestPractice(database.db, "Self-report other");
  consultant = await signedInCaller(database.db, practice.consultants[0].email, TEST_PASSWORD, { smallCellThreshold: 1 });
  colleague = await signedInCaller(database.db, practice.consultants[1].email, TEST_PASSWORD);
  lead = await signedInCaller(database.db, practice.lead.email, TEST_PASSWORD);
  served = await listen(
    createApp({
      db: database.db,
      counterPool: database.counterPool,
      log: createLogger("silent"),
      trustProxy: true,
      now: () => new Date(Date.now() + clockOffsetMs),
    }),
  );
});
afterAll(async () => {
  await new Promise((resolve) => served.server.close(resolve));
  await database.close();
});

// ---------- HTTP, as the phone sends it ----------
interface Answer {
  status: number;
  data: Record<string, unknown> | undefined;
  code: string | undefined;
  message: string | undefined;
  conflict: unknown;
  text: string;
  headers: Headers;
}

// Each call from an address of its own (X-Forwarded-For behind the trusted proxy), unless a test says otherwise.
const freshAddress = () => `2001:db8:${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}::1`;

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  const body = JSON.parse(text) as {
    result?: { data: Record<string, unknown> };
    error?: { message: string; data: { code: string; conflict?: unknown } };
  };
  return {
    status: response.status,
    data: body.result?.data,
    code: body.error?.data.code,
    message: body.error?.message,
    conflict: body.error?.data.conflict,
    text,
    headers: response.headers,
  };
}

function query(path: string, input: unknown, headers: Record<string, string> = {}, base = served.base): Promise<Answer> {
  const search = new URLSearchParams({ input: JSON.stringify(input) });
  return fetch(`${base}/trpc/${path}?${search.toString()}`, { headers: { "x-forwarded-for": freshAddress(), ...headers } }).then(
    answerOf,
  );
}

function mutate(path: string, input: unknown, headers: Record<string, string> = {}, base = served.base): Promise<Answer> {
  return fetch(`${base}/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": freshAddress(), ...headers },
    body: JSON.stringify(input),
  }).then(answerOf);
}

const past = (minutes = 5) => new Date(Date.now() - minutes * 60_000).toISOString();
const episode = (overrides: Partial<SelfReportEpisodeInput> = {}): SelfReportEpisodeInput => ({
  id: randomUUID(),
  occurredAt: past(),
  intensity: 6,
  selfHarmThoughts: false,
  ...overrides,
});
const status = (token: string, headers?: Record<string, string>) => query("selfReport.status", { token }, headers);
const submit = (token: string, sent: SelfReportEpisodeInput, headers?: Record<string, string>) =>
  mutate("selfReport.submit", { token, episode: sent }, headers);
const submitEpds = (token: string, id: string, answers: number[]) => mutate("selfReport.submitEpds", { token, id, answers });

/** A token of the right shape that no link has. */
const forgedToken = () => randomBytes(32).toString("base64url");

async function newLink(clientId: string, caller: Caller = consultant, expiresInDays?: number): Promise<{ linkId: string; token: string }> {
  const created = await caller.selfReport.createLink({ clientId, ...(expiresInDays ? { expiresInDays } : {}) });
  const token = created.url.split("#")[1];
  if (!token) throw new Error(`no token in ${created.url}`);
  return { linkId: created.linkId, token };
}

/** What a failed public call must have left alone: every table it could write, counted past row-level security. */
async function writableCounts() {
  const last = await database.db.selectFrom("self_report_links").select(({ fn }) => fn.max("last_used_at").as("at")).executeTakeFirst();
  return {
    episodes: await countRows(database.db, "episodes"),
    screenings: await countRows(database.db, "screenings"),
    alerts: await countRows(database.db, "safety_alerts"),
    audit: await countRows(database.db, "audit_log"),
    epdsRequests: await database.db
      .selectFrom("epds_requests")
      .select(({ fn }) => fn.countAll<number>().as("n"))
      .where("fulfilled_at", "is not", null)
      .executeTakeFirstOrThrow(),
    lastUsed: last?.at ?? null,
  };
}

describe("a link reports for its own client only", () => {
  it("records the episode for the link's client, as the client's, seen by the consultant like any other", async () => {
    const [clientId, sibling] = practice.clients[0];
    const { token } = await newLink(clientId);
    const sent = episode({ intensity: 8, types: ["despondency", "anxiety"], context: "nursing", letDown: "first", durationSeconds: 90 });
    const answer = await submit(token, sent);
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({ saved: true, id: sent.id });

    const episodes = await consultant.episodes.list({ clientId });
    expect(episodes).toEqual([
      expect.objectContaining({
        id: sent.id,
        clientId,
        source: "client",
        recordedByName: null,
        intensity: 8,
        types: ["despondency", "anxiety"],
        context: "nursing",
        letDown: "first",
        durationSeconds: 90,
        ratedAfterEducation: null,
        impact: null,
        selfHarmThoughts: false,
      }),
    ]);
    expect(await consultant.episodes.list({ clientId: sibling })).toEqual([]);
    expect(await colleague.episodes.list({ clientId: practice.clients[1][0] })).toEqual([]);

    // The caseload and the chart count it like a consultant's.
    const caseload = await consultant.caseload.list({ search: "Ada" });
    expect(caseload.rows.find((row) => row.clientId === clientId)).toMatchObject({ episodes7d: 1, lastEpisodeAt: new Date(sent.occurredAt).toISOString() });
    const trend = await consultant.analytics.clientTrend({ clientId, bucket: "episode" });
    expect(trend.points).toEqual([expect.objectContaining({ intensity: 8 })]);
  });

  it("stores a report with everything but the time, the intensity and the self-harm answer skipped", async () => {
    const clientId = practice.clients[0][1];
    const { token } = await newLink(clientId);
    const sent = episode({ intensity: 3 });
    expect((await submit(token, sent)).data).toEqual({ saved: true, id: sent.id });
    expect(await consultant.episodes.list({ clientId })).toEqual([
      expect.objectContaining({ id: sent.id, types: [], context: null, letDown: "unknown", durationSeconds: null, impact: null, notes: null }),
    ]);
  });

  it("audits the client's write with no actor, naming the link", async () => {
    const clientId = practice.clients[0][0];
    const { token, linkId } = await newLink(clientId);
    const sent = episode();
    await submit(token, sent);
    const rows = await database.db.selectFrom("audit_log").select(["actor_id", "action", "details"]).where("entity_id", "=", sent.id).execute();
    expect(rows).toEqual([{ actor_id: null, action: "episode.create", details: { clientId, source: "client", linkId } }]);
  });

  it("refuses an episode more than 9 months before the baby's birth, on the field", async () => {
    const { token } = await newLink(practice.clients[0][0]);
    // The test practice's babies were born on 2026-09-01.
    const answer = await submit(token, episode({ occurredAt: "2025-10-01T10:00:00Z" }));
    expect(answer.code).toBe("BAD_REQUEST");
    expect(JSON.parse(answer.text)).toMatchObject({ error: { data: { fieldErrors: { "episode.occurredAt": [expect.any(String)] } } } });
  });

  it("refuses a token that is not one, naming the field", async () => {
    const answer = await status("not-a-token");
    expect(answer.code).toBe("BAD_REQUEST");
    expect(answer.message).toContain("token");
  });
});

describe("ended links", () => {
  async function expectEnded(token: string) {
    const before = await writableCounts();
    const answers = [
      await status(token),
      await submit(token, episode({ selfHarmThoughts: true })),
      await submitEpds(token, randomUUID(), [0, 0, 3, 0, 3, 3, 3, 3, 3, 0]),
    ];
    for (const answer of answers) {
      expect({ status: answer.status, code: answer.code, message: answer.message }).toEqual({
        status: 404,
        code: "NOT_FOUND",
        message: SELF_REPORT_ENDED,
      });
    }
    expect(await writableCounts()).toEqual(before);
  }

  it("answers a forged token as ended, and writes nothing", async () => {
    await expectEnded(forgedToken());
  });

  it("answers an expired link as ended, and writes nothing", async () => {
    const clientId = practice.clients[0][0];
    const { token } = await newLink(clientId, consultant, 1);
    await consultant.selfReport.requestEpds({ clientId });
    expect((await status(token)).status).toBe(200);
    clockOffsetMs = DAY_MS + 60_000;
    try {
      await expectEnded(token);
    } finally {
      clockOffsetMs = 0;
    }
  });

  it("ends a revoked link at its next request, and writes nothing", async () => {
    const clientId = practice.clients[0][0];
    const { token, linkId } = await newLink(clientId);
    await consultant.selfReport.requestEpds({ clientId });
    expect((await submit(token, episode())).status).toBe(200);
    const revoked = await consultant.selfReport.revokeLink({ linkId });
    expect(revoked).toMatchObject({ linkId, status: "revoked" });
    expect(revoked.revokedAt).not.toBeNull();
    await expectEnded(token);
    // Revoking it again answers it unchanged.
    expect(await consultant.selfReport.revokeLink({ linkId })).toEqual(revoked);
  });
});

describe("replays", () => {
  it("writes a replayed submission once and answers it the same", async () => {
    const clientId = practice.clients[0][1];
    const { token } = await newLink(clientId);
    const sent = episode({ types: ["anger"], notes: "Mid-feed, 3 a.m." });
    const first = await submit(token, sent);
    const again = await submit(token, sent);
    expect(again.data).toEqual(first.data);
    const stored = await database.db.selectFrom("episodes").select("id").where("id", "=", sent.id).execute();
    expect(stored).toHaveLength(1);
  });

  it("refuses a replay with other content, carrying nothing of the stored report", async () => {
    const { token } = await newLink(practice.clients[0][1]);
    const sent = episode({ notes: "A private sentence about the feed." });
    await submit(token, sent);
    const changed = await submit(token, { ...sent, intensity: 2, notes: "Something else." });
    expect(changed.status).toBe(409);
    expect(changed.code).toBe("CONFLICT");
    expect(changed.conflict).toBeNull();
    expect(changed.text).not.toContain("A private sentence");
    expect(changed.text).not.toContain(sent.occurredAt.slice(0, 16));
  });

  it("does not let a link read back or overwrite a record another link or a consultant made under that id", async () => {
    const clientId = practice.clients[0][1];
    const stored = testEpisode(practice.practiceId, clientId, { source: "consultant", recorded_by: practice.consultants[0].id, notes: "Consultant's note." });
    await database.db.insertInto("episodes").values(stored).execute();
    const { token } = await newLink(clientId);
    const answer = await submit(token, episode({ id: stored.id }));
    expect(answer.code).toBe("CONFLICT");
    expect(answer.text).not.toContain("Consultant's note.");
  });
});

describe("thoughts of self-harm", () => {
  it("raise exactly one open alert, which the consultant and the lead see at once, pinned on the caseload", async () => {
    const practiceOfOne = await createTestPractice(database.db, "Self-harm");
    const clientId = practiceOfOne.clients[0][0];
    const assigned = await signedInCaller(database.db, practiceOfOne.consultants[0].email, TEST_PASSWORD);
    const practiceLead = await signedInCaller(database.db, practiceOfOne.lead.email, TEST_PASSWORD);
    const { token } = await newLink(clientId, assigned);
    const sent = episode({ selfHarmThoughts: true, intensity: 9 });
    await submit(token, sent);
    await submit(token, sent);

    const open = await database.db.selectFrom("safety_alerts").select(["source", "source_id"]).where("client_id", "=", clientId).where("resolved_at", "is", null).execute();
    expect(open).toEqual([{ source: "self_report", source_id: sent.id }]);
    for (const caller of [assigned, practiceLead]) {
      const { rows } = await caller.alerts.list({ status: "open" });
      expect(rows.map((row) => [row.clientId, row.source, row.sourceId])).toEqual([[clientId, "self_report", sent.id]]);
      const caseload = await caller.caseload.list({ search: "zzz-matches-nobody" });
      expect(caseload.pinned.map((row) => row.clientId)).toEqual([clientId]);
    }
  });
});

describe("open screens", () => {
  it("hear of a link's episode and alert as of a consultant's, the client's consultant and the leads", async () => {
    const clientId = practice.clients[0][1];
    const { token } = await newLink(clientId);
    const payloads: string[] = [];
    const stop = await database.listen("wave_changes", (payload) => payloads.push(payload));
    try {
      await submit(token, episode({ selfHarmThoughts: true }));
      const expected = ["episodes", "safety_alerts"].map((k) => ({ p: practice.practiceId, c: clientId, k, u: [practice.consultants[0].id] }));
      await expect
        .poll(() => payloads.map((payload) => JSON.parse(payload) as unknown).filter((change) => (change as { c: string }).c === clientId), {
          timeout: 5_000,
        })
        .toEqual(expect.arrayContaining(expected));
    } finally {
      await stop();
    }
  });
});

describe("rate limits", () => {
  it("refuses the 31st submission of a link within the hour, saying when to retry", async () => {
    const { token } = await newLink(practice.clients[1][0], colleague);
    const answers: Answer[] = [];
    for (let index = 0; index < 31; index++) answers.push(await submit(token, episode()));
    expect(answers.slice(0, 30).every((answer) => answer.status === 200)).toBe(true);
    const refused = answers[30]!;
    expect({ status: refused.status, code: refused.code }).toEqual({ status: 429, code: "TOO_MANY_REQUESTS" });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("cache-control")).toBe("no-store");
  });

  it("refuses an address past its public calls, forged tokens included", async () => {
    const limited = await listen(
      createApp({
        db: database.db,
        counterPool: database.counterPool,
        log: createLogger("silent"),
        trustProxy: true,
        selfReportLimits: { submissionsPerLink: 30, callsPerAddress: 3, windowSeconds: 3600 },
      }),
    );
    try {
      const address = { "x-forwarded-for": freshAddress() };
      const { token } = await newLink(practice.clients[1][0], colleague);
      const answers = [
        await query("selfReport.status", { token: forgedToken() }, address, limited.base),
        await query("selfReport.status", { token: forgedToken() }, address, limited.base),
        await query("selfReport.status", { token }, address, limited.base),
        await query("selfReport.status", { token }, address, limited.base),
      ];
      expect(answers.map((answer) => answer.status)).toEqual([404, 404, 200, 429]);
      expect(Number(answers[3]!.headers.get("retry-after"))).toBeGreaterThan(0);
      // Another address is not held up.
      expect((await query("selfReport.status", { token }, { "x-forwarded-for": freshAddress() }, limited.base)).status).toBe(200);
    } finally {
      await new Promise((resolve) => limited.server.close(resolve));
    }
  });
});

describe("the link is no staff credential", () => {
  it("answers UNAUTHORIZED to a token sent as a cookie, a bearer header or an input to staff procedures", async () => {
    const clientId = practice.clients[0][0];
    const { token } = await newLink(clientId);
    const ways: { headers: Record<string, string>; input: Record<string, unknown> }[] = [
      { headers: { cookie: `wave_session=${token}` }, input: {} },
      { headers: { authorization: `Bearer ${token}` }, input: {} },
      { headers: {}, input: { token } },
    ];
    for (const { headers, input } of ways) {
      const answers = [
        await query("episodes.list", { clientId, ...input }, headers),
        await query("clients.byId", { clientId, ...input }, headers),
        await query("caseload.list", { ...input }, headers),
        await query("selfReport.listLinks", { clientId, ...input }, headers),
        await mutate("episodes.create", { ...episode(), clientId, types: ["anxiety"], context: "nursing", letDown: "first", durationSeconds: 60, impact: "none", ratedAfterEducation: false, ...input }, headers),
        await mutate("selfReport.createLink", { clientId, ...input }, headers),
      ];
      expect(answers.map((answer) => answer.code)).toEqual(Array(answers.length).fill("UNAUTHORIZED"));
    }
  });
});

describe("the staff session is left alone", () => {
  it("neither reads nor touches a staff cookie sent with a public call, and sets no cookie", async () => {
    const sessionToken = await signInToken(database.db, practice.consultants[0].email, TEST_PASSWORD);
    const tokenHash = createHash("sha256").update(sessionToken).digest("hex");
    const lastSeen = async () =>
      (await database.db.selectFrom("sessions").select("last_seen_at").where("token_hash", "=", tokenHash).executeTakeFirstOrThrow()).last_seen_at;
    // Idle long enough that any session lookup would write last_seen_at.
    const idle = new Date(Date.now() - 5 * 60_000);
    await database.db.updateTable("sessions").set({ last_seen_at: idle }).where("token_hash", "=", tokenHash).execute();
    const cookie = { cookie: `wave_session=${sessionToken}` };

    const { token } = await newLink(practice.clients[0][0]);
    const answers = [await status(token, cookie), await submit(token, episode(), cookie), await status(forgedToken(), cookie)];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 404]);
    for (const answer of answers) {
      expect(answer.headers.get("set-cookie")).toBeNull();
      expect(answer.headers.get("cache-control")).toBe("no-store");
    }
    expect(await lastSeen()).toEqual(idle);

    // The same cookie on a staff call is looked up, and touched: the check above could fail.
    expect((await query("auth.me", undefined, cookie)).status).toBe(200);
    expect((await lastSeen()).getTime()).toBeGreaterThan(idle.getTime());
  });
});

describe("what the client's page is told", () => {
  it("shows the practice's name, phone and crisis line and whether an EPDS waits, and nothing about the client", async () => {
    const own = await createTestPractice(database.db, "Status");
    const ownLead = await signedInCaller(database.db, own.lead.email, TEST_PASSWORD);
    const ownConsultant = await signedInCaller(database.db, own.consultants[0].email, TEST_PASSWORD);
    const clientId = own.clients[0][0];
    await ownLead.practices.updateSettings({ phone: "(555) 010-2233", crisisLine: "988" });
    const { token } = await newLink(clientId, ownConsultant);

    const first = await status(token);
    expect(Object.keys(first.data ?? {}).sort()).toEqual(["crisisLine", "epdsRequested", "expiresAt", "practiceName", "practicePhone"]);
    expect(first.data).toMatchObject({ practicePhone: "(555) 010-2233", crisisLine: "988", epdsRequested: false });
    expect(String(first.data?.practiceName)).toMatch(/^Status /);
    expect(first.text).not.toContain(clientId);
    expect(first.text).not.toContain("Ada A.");

    await ownConsultant.selfReport.requestEpds({ clientId });
    expect((await status(token)).data).toMatchObject({ epdsRequested: true });
    // As the page asks: a POST, so the token is in the body and in no URL.
    const posted = await mutate("selfReport.status", { token }, { origin: served.base });
    expect(posted.status).toBe(200);
    expect(posted.data).toEqual((await status(token)).data);

    // Cleared, the page falls back to "your local emergency number".
    await ownLead.practices.updateSettings({ phone: "", crisisLine: "" });
    expect((await status(token)).data).toMatchObject({ practicePhone: null, crisisLine: null });
  });

  it("hands out the link on the request's own origin, with the token only in the fragment and only its hash stored", async () => {
    const sessionToken = await signInToken(database.db, practice.consultants[0].email, TEST_PASSWORD);
    const created = await mutate("selfReport.createLink", { clientId: practice.clients[0][0], expiresInDays: 7 }, { cookie: `wave_session=${sessionToken}` });
    const url = String(created.data?.url);
    expect(url).toMatch(new RegExp(`^${served.base.replace(/[.]/g, "\\.")}/r#[A-Za-z0-9_-]{43}$`));
    const token = url.split("#")[1]!;
    const expiresAt = new Date(String(created.data?.expiresAt)).getTime();
    expect(Math.abs(expiresAt - (Date.now() + 7 * DAY_MS))).toBeLessThan(60_000);
    const stored = await database.db.selectFrom("self_report_links").selectAll().where("id", "=", String(created.data?.linkId)).executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(stored)).not.toContain(token);
    const listed = await consultant.selfReport.listLinks({ clientId: practice.clients[0][0] });
    expect(JSON.stringify(listed)).not.toContain(token);
  });
});

describe("an EPDS through the link", () => {
  it("is offered once when asked for, scored like screenings.createEpds, and then no more", async () => {
    const clientId = practice.clients[1][1];
    const { token } = await newLink(clientId, colleague);
    const noneYet = await submitEpds(token, randomUUID(), [0, 0, 3, 0, 3, 3, 3, 3, 3, 3]);
    expect({ code: noneYet.code, message: noneYet.message }).toEqual({ code: "NOT_FOUND", message: NO_QUESTIONNAIRE });

    const asked = await colleague.selfReport.requestEpds({ clientId });
    // Asking again keeps the open request.
    expect(await colleague.selfReport.requestEpds({ clientId })).toEqual(asked);
    expect((await colleague.selfReport.listLinks({ clientId })).epdsRequest).toEqual({
      requestedAt: asked.requestedAt,
      requestedByName: practice.consultants[1].name,
    });

    const id = randomUUID();
    expect((await submitEpds(token, id, [0, 0, 3, 0, 3, 3, 3, 3, 3, 3])).data).toEqual({ saved: true, id });
    const screenings = await colleague.screenings.list({ clientId });
    expect(screenings).toEqual([expect.objectContaining({ id, total: 0, item10: 0, source: "client", recordedByName: null })]);
    expect((await status(token)).data).toMatchObject({ epdsRequested: false });
    expect((await colleague.selfReport.listLinks({ clientId })).epdsRequest).toBeNull();

    // A replay of the one sent answers saved; another is not waited for.
    expect((await submitEpds(token, id, [0, 0, 3, 0, 3, 3, 3, 3, 3, 3])).data).toEqual({ saved: true, id });
    const second = await submitEpds(token, randomUUID(), [0, 0, 3, 0, 3, 3, 3, 3, 3, 3]);
    expect({ code: second.code, message: second.message }).toEqual({ code: "NOT_FOUND", message: NO_QUESTIONNAIRE });
    expect(await colleague.screenings.list({ clientId })).toHaveLength(1);
  });

  it("raises a safety alert when item 10's first option is chosen", async () => {
    const clientId = practice.clients[1][1];
    const { token } = await newLink(clientId, colleague);
    await colleague.selfReport.requestEpds({ clientId });
    const id = randomUUID();
    expect((await submitEpds(token, id, [0, 0, 3, 0, 3, 3, 3, 3, 3, 0])).status).toBe(200);
    const [screening] = (await colleague.screenings.list({ clientId })).filter((row) => row.id === id);
    expect(screening).toMatchObject({ total: 3, item10: 3, interpretation: "self_harm_risk" });
    const { rows } = await colleague.alerts.list({ status: "open" });
    expect(rows.filter((row) => row.sourceId === id).map((row) => [row.clientId, row.source])).toEqual([[clientId, "epds"]]);
  });
});

describe("the consultant's view of the links", () => {
  it("lists each link newest first with its status, last use and the episodes it brought", async () => {
    const clientId = practice.clients[1][0];
    const expiring = await newLink(clientId, colleague, 1);
    const used = await newLink(clientId, colleague);
    const revoked = await newLink(clientId, lead);
    await submit(used.token, episode());
    await submit(used.token, episode());
    await colleague.selfReport.revokeLink({ linkId: revoked.linkId });

    const { rows } = await colleague.selfReport.listLinks({ clientId });
    const byId = new Map(rows.map((row) => [row.linkId, row]));
    expect(byId.get(used.linkId)).toMatchObject({ status: "active", episodesReceived: 2, createdByName: practice.consultants[1].name });
    expect(byId.get(used.linkId)?.lastUsedAt).not.toBeNull();
    expect(byId.get(revoked.linkId)).toMatchObject({ status: "revoked", episodesReceived: 0, lastUsedAt: null, createdByName: practice.lead.name });
    expect(byId.get(expiring.linkId)).toMatchObject({ status: "active", episodesReceived: 0 });
    const createdAts = rows.map((row) => row.createdAt);
    expect(createdAts).toEqual([...createdAts].sort().reverse());

    const tomorrow = await signedInCaller(database.db, practice.consultants[1].email, TEST_PASSWORD, { now: () => new Date(Date.now() + DAY_MS + 60_000) });
    const later = await tomorrow.selfReport.listLinks({ clientId });
    expect(later.rows.find((row) => row.linkId === expiring.linkId)?.status).toBe("expired");
  });

  it("lets the consultant correct a client's episode with the version check, keeping it the client's", async () => {
    const clientId = practice.clients[0][0];
    const { token } = await newLink(clientId);
    const sent = episode({ intensity: 9 });
    await submit(token, sent);
    const fields = {
      occurredAt: sent.occurredAt,
      intensity: 4,
      types: ["anxiety" as const],
      context: "pumping" as const,
      letDown: "later" as const,
      durationSeconds: 120,
      impact: "none" as const,
      selfHarmThoughts: false,
      ratedAfterEducation: false,
    };
    const corrected = await consultant.episodes.update({ ...fields, id: sent.id, clientId, version: 1 });
    expect(corrected).toMatchObject({ id: sent.id, intensity: 4, source: "client", recordedByName: null, version: 2 });
    await expect(consultant.episodes.update({ ...fields, intensity: 5, id: sent.id, clientId, version: 1 })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("lets the consultant correct only the intensity of a client's episode, leaving what the client skipped skipped", async () => {
    const clientId = practice.clients[0][0];
    const { token } = await newLink(clientId);
    const sent = episode({ intensity: 9 });
    await submit(token, sent);
    const [stored] = (await consultant.episodes.list({ clientId })).filter((row) => row.id === sent.id);
    if (!stored) throw new Error("the client's episode is not listed");
    // The form sends back what it read, with the slip fixed and nothing invented.
    const correction = {
      id: sent.id,
      clientId,
      version: stored.version,
      occurredAt: stored.occurredAt,
      intensity: 4,
      types: stored.types,
      context: stored.context,
      letDown: stored.letDown,
      durationSeconds: stored.durationSeconds,
      impact: stored.impact,
      selfHarmThoughts: stored.selfHarmThoughts,
      ratedAfterEducation: stored.ratedAfterEducation,
    };
    const skipped = { types: [], context: null, letDown: "unknown", durationSeconds: null, impact: null, ratedAfterEducation: null };
    expect(correction).toMatchObject(skipped);

    const corrected = await consultant.episodes.update(correction);
    expect(corrected).toMatchObject({ ...skipped, id: sent.id, intensity: 4, band: "moderate", source: "client", recordedByName: null, version: 2 });
    expect((await consultant.episodes.list({ clientId })).find((row) => row.id === sent.id)).toEqual(corrected);
    const audits = await database.db
      .selectFrom("audit_log")
      .select(["actor_id", "details"])
      .where("action", "=", "episode.update")
      .where("entity_id", "=", sent.id)
      .execute();
    expect(audits).toEqual([{ actor_id: practice.consultants[0].id, details: { clientId, fields: ["intensity"] } }]);

    // A second save from the same stale read is refused, and the correction stands.
    expect(await outcomeOf(consultant.episodes.update({ ...correction, intensity: 6 }))).toBe("CONFLICT");
    expect((await consultant.episodes.list({ clientId })).find((row) => row.id === sent.id)).toMatchObject({ intensity: 4, version: 2 });
  });
});

describe("the database alone refuses the link holder anything else", () => {
  async function asHolder<T>(token: string, holder: { practiceId: string; clientId: string; linkId: string }, work: (tx: Tx) => Promise<T>) {
    const tokenHash = createHash("sha256").update(token).digest("hex");
    return withSelfReportLink(database.db, tokenHash, async (tx) => {
      await assumeLinkHolder(tx, holder);
      return work(tx);
    });
  }

  it("writes for its own client only, and reads no client, user, other link or other practice", async () => {
    const clientId = practice.clients[0][0];
    const { token, linkId } = await newLink(clientId);
    await newLink(practice.clients[0][1]);
    const holder = { practiceId: practice.practiceId, clientId, linkId };
    const own = { source: "client" as const, recorded_by: null, self_report_link_id: linkId };

    await asHolder(token, holder, (tx) => tx.insertInto("episodes").values({ ...testEpisode(practice.practiceId, clientId), ...own }).execute());
    for (const otherClient of [practice.clients[0][1], practice.clients[1][0]]) {
      await expect(
        asHolder(token, holder, (tx) => tx.insertInto("episodes").values({ ...testEpisode(practice.practiceId, otherClient), ...own }).execute()),
      ).rejects.toThrow(/row-level security/);
    }
    // Not as a consultant, and not without naming the link.
    await expect(
      asHolder(token, holder, (tx) =>
        tx.insertInto("episodes").values({ ...testEpisode(practice.practiceId, clientId), source: "consultant", recorded_by: practice.consultants[0].id }).execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(asHolder(token, holder, (tx) => tx.insertInto("episodes").values(testEpisode(practice.practiceId, clientId)).execute())).rejects.toThrow(
      /row-level security/,
    );

    const seen = await asHolder(token, holder, async (tx) => ({
      clients: await tx.selectFrom("clients").select("id").execute(),
      users: await tx.selectFrom("users").select("id").execute(),
      sessions: await tx.selectFrom("sessions").select("id").execute(),
      links: await tx.selectFrom("self_report_links").select("id").execute(),
      linkTokens: await tx.selectFrom("self_report_link_tokens").select("token_hash").execute(),
      practices: await tx.selectFrom("practices").select("id").execute(),
      notes: await tx.selectFrom("notes").select("id").execute(),
      alerts: await tx.selectFrom("safety_alerts").select("id").execute(),
      audit: await tx.selectFrom("audit_log").select("id").execute(),
      consultantEpisodes: await tx.selectFrom("episodes").select("id").where("source", "=", "consultant").execute(),
    }));
    expect(seen).toEqual({
      clients: [],
      users: [],
      sessions: [],
      links: [{ id: linkId }],
      linkTokens: [{ token_hash: createHash("sha256").update(token).digest("hex") }],
      practices: [{ id: practice.practiceId }],
      notes: [],
      alerts: [],
      audit: [],
      consultantEpisodes: [],
    });
  });

  it("reaches nothing with the identity set but another link's token, or a revoked link's", async () => {
    const clientId = practice.clients[0][0];
    const { linkId } = await newLink(clientId);
    const other = await newLink(practice.clients[0][1]);
    const values = { ...testEpisode(practice.practiceId, clientId), source: "client" as const, recorded_by: null, self_report_link_id: linkId };
    await expect(
      asHolder(other.token, { practiceId: practice.practiceId, clientId, linkId }, (tx) => tx.insertInto("episodes").values(values).execute()),
    ).rejects.toThrow(/row-level security/);

    const revoked = await newLink(clientId);
    await consultant.selfReport.revokeLink({ linkId: revoked.linkId });
    await expect(
      asHolder(revoked.token, { practiceId: practice.practiceId, clientId, linkId: revoked.linkId }, (tx) =>
        tx.insertInto("episodes").values({ ...values, id: randomUUID(), self_report_link_id: revoked.linkId }).execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it("lets staff write a link's token row for their own practice only, and read none, not even their own", async () => {
    const clientId = practice.clients[0][0];
    const { token, linkId } = await newLink(clientId);
    const lead = { userId: practice.lead.id, practiceId: practice.practiceId, role: "lead" as const };
    const seen = await withActor(database.db, lead, (tx) => tx.selectFrom("self_report_link_tokens").select("token_hash").execute());
    expect(seen).toEqual([]);
    const hash = () => randomBytes(32).toString("hex");
    await withActor(database.db, lead, (tx) =>
      tx.insertInto("self_report_link_tokens").values({ token_hash: hash(), practice_id: practice.practiceId }).execute(),
    );
    await expect(
      withActor(database.db, lead, (tx) =>
        tx.insertInto("self_report_link_tokens").values({ token_hash: hash(), practice_id: otherPractice.practiceId }).execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    // The link holder, who has no user id, writes none either.
    await expect(
      asHolder(token, { practiceId: practice.practiceId, clientId, linkId }, (tx) =>
        tx.insertInto("self_report_link_tokens").values({ token_hash: hash(), practice_id: practice.practiceId }).execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it("gives another practice's lead and a colleague none of the links", async () => {
    const clientId = practice.clients[0][0];
    await newLink(clientId);
    for (const user of [otherPractice.lead, practice.consultants[1]]) {
      const rows = await withActor(database.db, { userId: user.id, practiceId: user.practiceId, role: user.role }, (tx) =>
        sql<{ id: string }>`select id from self_report_links where client_id = ${clientId}`.execute(tx),
      );
      expect(rows.rows).toEqual([]);
    }
  });
});

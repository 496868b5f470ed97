import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WaveDatabase } from "@wave/db";
import { createTestPractice, openTestDatabase, TEST_PASSWORD, testEpisode, type TestPractice } from "@wave/db/testing";
import { resolveSession } from "../auth/auth.service.js";
import { outcomeOf, signedInCaller, signInToken, userMessageOf } from "../testing.js";

let database: WaveDatabase;
let practice: TestPractice;
let elsewhere: TestPractice;

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "Users");
  elsewhere = await createTestPractice(database.db, "Users elsewhere");
});
afterAll(() => database.close());

describe("users.list", () => {
  it("lists a lead's own practice staff, and nobody else's", async () => {
    const lead = await signedInCaller(database.db, practice.lead.email, TEST_PASSWORD);
    const staff = await lead.users.list();
    expect(staff.map((member) => member.id).sort()).toEqual(
      [practice.lead.id, practice.consultants[0].id, practice.consultants[1].id].sort(),
    );
    const counts = Object.fromEntries(staff.map((member) => [member.id, member.activeClients]));
    expect(counts).toEqual({ [practice.lead.id]: 0, [practice.consultants[0].id]: 2, [practice.consultants[1].id]: 2 });
  });
});

describe("running the practice", () => {
  it("creates a colleague with a one-time temporary password that must be changed at first sign-in", async () => {
    const lead = await signedInCaller(database.db, practice.lead.email, TEST_PASSWORD);
    const { user, temporaryPassword } = await lead.users.create({ email: "New.Person@Example.test", name: "New Person", role: "consultant" });
    expect(user).toMatchObject({ email: "new.person@example.test", role: "consultant", deactivatedAt: null });
    expect(temporaryPassword).toMatch(/^[A-Za-z0-9]{16}$/);
    const stored = await database.db.selectFrom("users").select(["password_hash", "must_change_password"]).where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(stored.password_hash).not.toContain(temporaryPassword);
    expect(stored.must_change_password).toBe(true);

    const newcomer = await signedInCaller(database.db, "new.person@example.test", temporaryPassword);
    expect(await newcomer.auth.me()).toMatchObject({ mustChangePassword: true });
    expect(await outcomeOf(newcomer.caseload.list())).toBe("FORBIDDEN");
    expect(await userMessageOf(newcomer.auth.changePassword({ currentPassword: "wrong", newPassword: "a fresh passphrase" }))).toMatch(
      /currentPassword: Your current password is not right/,
    );
    expect(await userMessageOf(newcomer.auth.changePassword({ currentPassword: temporaryPassword, newPassword: "short" }))).toMatch(
      /newPassword: Choose a password of at least 12 characters/,
    );
    await newcomer.auth.changePassword({ currentPassword: temporaryPassword, newPassword: "a fresh passphrase" });
    const settled = await signedInCaller(database.db, "new.person@example.test", "a fresh passphrase");
    expect((await settled.caseload.list()).total).toBe(0);
    expect(await outcomeOf(signedInCaller(database.db, "new.person@example.test", temporaryPassword))).toBe("UNAUTHORIZED");
  });

  it("refuses an email in use in another practice exactly as one in its own, naming no account", async () => {
    const lead = await signedInCaller(database.db, practice.lead.email, TEST_PASSWORD);
    const attempt = (email: string) => lead.users.create({ email, name: "Copy", role: "consultant" });
    const elsewhereAnswer = [await outcomeOf(attempt(elsewhere.consultants[0].email.toUpperCase())), await userMessageOf(attempt(elsewhere.consultants[0].email))];
    const ownAnswer = [await outcomeOf(attempt(practice.consultants[0].email)), await userMessageOf(attempt(practice.consultants[0].email))];
    expect(elsewhereAnswer).toEqual(ownAnswer);
    expect(ownAnswer).toEqual(["CONFLICT", "email: That email cannot be used. Choose another."]);
  });

  it("deactivates a consultant: sessions end at once, clients stay and await reassignment, then move with their history", async () => {
    const lead = await signedInCaller(database.db, practice.lead.email, TEST_PASSWORD);
    const leaving = practice.consultants[1];
    const [clientId] = practice.clients[1];
    await database.db.insertInto("episodes").values(testEpisode(practice.practiceId, clientId, { intensity: 7 })).execute();
    const leavingToken = await signInToken(database.db, leaving.email, TEST_PASSWORD);
    expect(await resolveSession(database.db, leavingToken, new Date())).not.toBeNull();

    const result = await lead.users.deactivate({ userId: leaving.id });
    expect(result).toMatchObject({ sessionsEnded: 1, clientsToReassign: 2 });
    // Their next request finds no session.
    expect(await resolveSession(database.db, leavingToken, new Date())).toBeNull();
    expect(await outcomeOf(signedInCaller(database.db, leaving.email, TEST_PASSWORD))).toBe("UNAUTHORIZED");

    const awaiting = await lead.caseload.list({ filters: { awaitingReassignment: true } });
    expect(awaiting.rows.map((row) => row.clientId).sort()).toEqual([...practice.clients[1]].sort());

    const moved = await lead.clients.assign({ clientId, consultantId: practice.consultants[0].id });
    expect(moved).toMatchObject({ primaryConsultantId: practice.consultants[0].id, consultantName: practice.consultants[0].name });
    const emily = await signedInCaller(database.db, practice.consultants[0].email, TEST_PASSWORD);
    expect((await emily.episodes.list({ clientId })).map((episode) => episode.intensity)).toEqual([7]);
    expect(await userMessageOf(lead.clients.assign({ clientId, consultantId: leaving.id }))).toMatch(/active consultant/);

    const trail = await lead.audit.list({ clientId });
    expect(trail.rows.map((row) => row.action)).toEqual(expect.arrayContaining(["client.assign", "episode.list"]));
    expect(trail.rows.find((row) => row.action === "client.assign")).toMatchObject({
      action: "client.assign",
      actorName: practice.lead.name,
      details: { fromConsultantId: leaving.id, toConsultantId: practice.consultants[0].id },
    });
  });

  it("does not let a lead deactivate themself", async () => {
    const lead = await signedInCaller(database.db, practice.lead.email, TEST_PASSWORD);
    expect(await userMessageOf(lead.users.deactivate({ userId: practice.lead.id }))).toMatch(/your own account/);
  });
});

describe("audit.list", () => {
  it("filters the practice's log by user, action and date, newest first", async () => {
    const lead = await signedInCaller(database.db, practice.lead.email, TEST_PASSWORD);
    const byLead = await lead.audit.list({ userId: practice.lead.id, action: "user.", pageSize: 100 });
    expect(byLead.rows.length).toBeGreaterThan(0);
    expect(byLead.rows.every((row) => row.actorId === practice.lead.id && row.action.startsWith("user."))).toBe(true);
    const times = byLead.rows.map((row) => Date.parse(row.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await lead.audit.list({ from: tomorrow })).total).toBe(0);
    const everything = await lead.audit.list({ pageSize: 1000 });
    expect(JSON.stringify(everything.rows)).not.toMatch(/intensity|password_hash|notes":"/);
  });
});

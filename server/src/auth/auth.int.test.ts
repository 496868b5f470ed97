import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPractice, openTestDatabase, TEST_PASSWORD, type TestPractice } from "@wave/db/testing";
import type { WaveDatabase } from "@wave/db";
import { sql } from "kysely";
import { anonymousCaller, callerWithSession, outcomeOf, signInToken } from "../testing.js";
import { resolveSession } from "./auth.service.js";
import { hashSessionToken, SESSION_ABSOLUTE_TIMEOUT_MS, SESSION_IDLE_TIMEOUT_MS } from "./session-token.js";

let database: WaveDatabase;
let practice: TestPractice;

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "Auth");
});
afterAll(() => database.close());


describe("auth.login", () => {
  it("signs in with the right password and returns the user", async () => {
    const consultant = practice.consultants[0];
    const user = await anonymousCaller(database.db).auth.login({ email: consultant.email.toUpperCase(), password: TEST_PASSWORD });
    expect(user).toMatchObject({ id: consultant.id, email: consultant.email, role: "consultant", practiceId: practice.practiceId });
  });

  it("answers UNAUTHORIZED with a plain message for a wrong password or an unknown email", async () => {
    const caller = anonymousCaller(database.db);
    await expect(caller.auth.login({ email: practice.lead.email, password: "wrong-password" })).rejects.toThrow(
      /do not match an active account/,
    );
    expect(await outcomeOf(caller.auth.login({ email: "nobody@example.test", password: TEST_PASSWORD }))).toBe("UNAUTHORIZED");
  });

  it("names the field when the email is not an email", async () => {
    const error = await anonymousCaller(database.db)
      .auth.login({ email: "not-an-email", password: "x" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
  });

  it("issues a fresh token at every sign-in and stores only its hash", async () => {
    const first = await signInToken(database.db, practice.lead.email, TEST_PASSWORD);
    const second = await signInToken(database.db, practice.lead.email, TEST_PASSWORD);
    expect(first).not.toBe(second);
    const stored = await database.db.selectFrom("sessions").select("token_hash").execute();
    const hashes = stored.map((row) => row.token_hash);
    expect(hashes).toContain(hashSessionToken(first));
    expect(hashes).not.toContain(first);
  });

  it("refuses a deactivated user, and ends their sessions at once", async () => {
    const practiceB = await createTestPractice(database.db, "Deactivated");
    const consultant = practiceB.consultants[0];
    const token = await signInToken(database.db, consultant.email, TEST_PASSWORD);
    expect(await resolveSession(database.db, token, new Date())).not.toBeNull();
    await database.db.updateTable("users").set({ deactivated_at: new Date() }).where("id", "=", consultant.id).execute();
    expect(await resolveSession(database.db, token, new Date())).toBeNull();
    expect(await outcomeOf(anonymousCaller(database.db).auth.login({ email: consultant.email, password: TEST_PASSWORD }))).toBe(
      "UNAUTHORIZED",
    );
  });
});

describe("sessions", () => {
  it("expire after 30 minutes idle", async () => {
    const token = await signInToken(database.db, practice.consultants[1].email, TEST_PASSWORD);
    const start = Date.now();
    expect(await resolveSession(database.db, token, new Date(start + SESSION_IDLE_TIMEOUT_MS - 60_000))).not.toBeNull();
    // Activity just now moved the idle clock: 29 minutes after it is still fine.
    expect(await resolveSession(database.db, token, new Date(start + 2 * SESSION_IDLE_TIMEOUT_MS - 120_000))).not.toBeNull();
    expect(await resolveSession(database.db, token, new Date(start + 3 * SESSION_IDLE_TIMEOUT_MS))).toBeNull();
  });

  it("expire 12 hours after sign-in however active", async () => {
    const token = await signInToken(database.db, practice.consultants[1].email, TEST_PASSWORD);
    const tokenHash = hashSessionToken(token);
    // Active a minute ago, but signed in 12 hours ago.
    await database.db
      .updateTable("sessions")
      .set({ last_seen_at: new Date(Date.now() + SESSION_ABSOLUTE_TIMEOUT_MS - 60_000) })
      .where("token_hash", "=", tokenHash)
      .execute();
    expect(await resolveSession(database.db, token, new Date(Date.now() + SESSION_ABSOLUTE_TIMEOUT_MS + 1000))).toBeNull();
  });

  it("auth.logout revokes the session server-side", async () => {
    const token = await signInToken(database.db, practice.lead.email, TEST_PASSWORD);
    const session = await resolveSession(database.db, token, new Date());
    expect(session).not.toBeNull();
    const caller = callerWithSession(database.db, session);
    expect(await caller.auth.me()).toMatchObject({ email: practice.lead.email, role: "lead" });
    await caller.auth.logout();
    expect(await resolveSession(database.db, token, new Date())).toBeNull();
  });

  it("auth.me without a session is UNAUTHORIZED", async () => {
    expect(await outcomeOf(anonymousCaller(database.db).auth.me())).toBe("UNAUTHORIZED");
  });
});

describe("audit", () => {
  it("records sign-ins, failed sign-ins and sign-outs without secrets", async () => {
    const practiceC = await createTestPractice(database.db, "Audit");
    await anonymousCaller(database.db)
      .auth.login({ email: practiceC.lead.email, password: "wrong" })
      .catch(() => undefined);
    await signInToken(database.db, practiceC.lead.email, TEST_PASSWORD);
    const rows = await database.db
      .selectFrom("audit_log")
      .select(["action", "actor_id", sql<string>`details::text`.as("details")])
      .where("practice_id", "=", practiceC.practiceId)
      .orderBy("id")
      .execute();
    expect(rows.map((row) => row.action)).toEqual(["auth.login_failed", "auth.login"]);
    expect(rows.every((row) => row.actor_id === practiceC.lead.id)).toBe(true);
    expect(rows.map((row) => row.details).join(" ")).not.toContain("wrong");
  });
});

describe("auth.changePassword", () => {
  it("ends the user's other sessions and keeps the one that made the change", async () => {
    const practiceD = await createTestPractice(database.db, "Password change");
    const consultant = practiceD.consultants[0];
    const colleague = practiceD.consultants[1];
    const here = await signInToken(database.db, consultant.email, TEST_PASSWORD);
    const stolen = await signInToken(database.db, consultant.email, TEST_PASSWORD);
    const colleagues = await signInToken(database.db, colleague.email, TEST_PASSWORD);
    const session = await resolveSession(database.db, here, new Date());
    await callerWithSession(database.db, session).auth.changePassword({
      currentPassword: TEST_PASSWORD,
      newPassword: "a brand new passphrase",
    });
    expect(await resolveSession(database.db, here, new Date())).not.toBeNull();
    expect(await resolveSession(database.db, stolen, new Date())).toBeNull();
    expect(await resolveSession(database.db, colleagues, new Date())).not.toBeNull();
  });

  it("audits a wrong current password without the password", async () => {
    const practiceE = await createTestPractice(database.db, "Password refused");
    const consultant = practiceE.consultants[0];
    const session = await resolveSession(database.db, await signInToken(database.db, consultant.email, TEST_PASSWORD), new Date());
    const outcome = await outcomeOf(
      callerWithSession(database.db, session).auth.changePassword({
        currentPassword: "not the password",
        newPassword: "a brand new passphrase",
      }),
    );
    expect(outcome).toBe("BAD_REQUEST");
    const rows = await database.db
      .selectFrom("audit_log")
      .select(["action", "entity_id", sql<string>`details::text`.as("details")])
      .where("practice_id", "=", practiceE.practiceId)
      .where("action", "=", "auth.change_password_failed")
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.entity_id).toBe(consultant.id);
    expect(rows[0]?.details).not.toContain("not the password");
  });
});

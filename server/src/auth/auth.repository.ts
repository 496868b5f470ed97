import { sql } from "kysely";
import { PREPARED_STATEMENT, type Tx } from "@wave/db";
import type { Role } from "@wave/shared";

const PREPARED = sql.raw(PREPARED_STATEMENT);

export interface LoginCandidate {
  id: string;
  practiceId: string;
  role: Role;
  passwordHash: string;
  deactivatedAt: Date | null;
}

/** Visible only inside a withCredential({ loginEmail }) transaction for that email. */
export async function findLoginCandidate(tx: Tx, email: string): Promise<LoginCandidate | undefined> {
  const row = await tx
    .selectFrom("users")
    .select(["id", "practice_id", "role", "password_hash", "deactivated_at"])
    .where("email", "=", email)
    .executeTakeFirst();
  return row
    ? { id: row.id, practiceId: row.practice_id, role: row.role, passwordHash: row.password_hash, deactivatedAt: row.deactivated_at }
    : undefined;
}

export async function insertSession(
  tx: Tx,
  session: { practiceId: string; userId: string; tokenHash: string; now: Date; expiresAt: Date; userAgent: string | null },
): Promise<string> {
  const row = await tx
    .insertInto("sessions")
    .values({
      practice_id: session.practiceId,
      user_id: session.userId,
      token_hash: session.tokenHash,
      created_at: session.now,
      last_seen_at: session.now,
      expires_at: session.expiresAt,
      user_agent: session.userAgent,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface StoredSession {
  id: string;
  practiceId: string;
  userId: string;
  lastSeenAt: Date;
  expiresAt: Date;
}

/**
 * The session behind a token hash and its user, if that user is still
 * active, in one statement. Visible inside a withCredential({ sessionTokenHash })
 * transaction for that hash: the token's holder reads its own session, its
 * user and its practice (db migration 2026-12-02T0009), before any identity is set.
 */
export async function findSessionWithUser(
  tx: Tx,
  tokenHash: string,
): Promise<{ session: StoredSession; user: ActiveUser | null } | undefined> {
  // Every signed-in request runs this first: prepared once per connection on a
  // server (db/src/connection.ts), its planning took more than its execution.
  const { rows } = await sql<{
    session_id: string;
    practice_id: string;
    user_id: string;
    last_seen_at: Date;
    expires_at: Date;
    name: string | null;
    email: string | null;
    role: Role | null;
    practice_name: string | null;
    must_change_password: boolean | null;
  }>`${PREPARED} select s.id as session_id, s.practice_id, s.user_id, s.last_seen_at, s.expires_at,
           u.name, u.email, u.role, p.name as practice_name, u.must_change_password
      from sessions s
      left join users u on u.practice_id = s.practice_id and u.id = s.user_id and u.deactivated_at is null
      left join practices p on p.id = u.practice_id
     where s.token_hash = ${tokenHash}`.execute(tx);
  const row = rows[0];
  if (!row) return undefined;
  const session = { id: row.session_id, practiceId: row.practice_id, userId: row.user_id, lastSeenAt: row.last_seen_at, expiresAt: row.expires_at };
  const { name, email, role, practice_name: practiceName, must_change_password: mustChangePassword } = row;
  // All of them or none: the user is gone or deactivated when the join found no row.
  const user =
    name !== null && email !== null && role !== null && practiceName !== null && mustChangePassword !== null
      ? { id: row.user_id, name, email, role, practiceId: row.practice_id, practiceName, mustChangePassword }
      : null;
  return { session, user };
}

export async function touchSession(tx: Tx, tokenHash: string, now: Date): Promise<void> {
  await tx.updateTable("sessions").set({ last_seen_at: now }).where("token_hash", "=", tokenHash).execute();
}

export async function deleteSessionByTokenHash(tx: Tx, tokenHash: string): Promise<void> {
  await tx.deleteFrom("sessions").where("token_hash", "=", tokenHash).execute();
}

/** One of a user's sessions as its owner sees it (times as ISO strings, as they travel); never the token hash. */
export interface OwnSession {
  sessionId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
}

/**
 * The user's sessions still usable at `now` (neither past `expires_at` nor
 * idle since `idleSince`), most recently active first. Filtered by user even
 * though row-level security also does: a lead's policy reaches the whole
 * practice's sessions.
 */
export async function findActiveSessionsOf(
  tx: Tx,
  owner: { practiceId: string; userId: string },
  now: Date,
  idleSince: Date,
): Promise<OwnSession[]> {
  const rows = await tx
    .selectFrom("sessions")
    .select(["id", "created_at", "last_seen_at", "expires_at", "user_agent"])
    .where("practice_id", "=", owner.practiceId)
    .where("user_id", "=", owner.userId)
    .where("expires_at", ">", now)
    .where("last_seen_at", ">", idleSince)
    .orderBy("last_seen_at", "desc")
    .orderBy("created_at", "desc")
    .orderBy("id")
    .execute();
  return rows.map((row) => ({
    sessionId: row.id,
    createdAt: row.created_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    userAgent: row.user_agent,
  }));
}

/** Deletes the session if it is the owner's (again filtered by user: see findActiveSessionsOf); whether it was. */
export async function deleteOwnSession(
  tx: Tx,
  owner: { practiceId: string; userId: string },
  sessionId: string,
): Promise<boolean> {
  const result = await tx
    .deleteFrom("sessions")
    .where("practice_id", "=", owner.practiceId)
    .where("user_id", "=", owner.userId)
    .where("id", "=", sessionId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Ends every session of the user but the one with `keepTokenHash`; returns how many ended. */
export async function deleteOtherSessionsOf(tx: Tx, userId: string, keepTokenHash: string): Promise<number> {
  const result = await tx
    .deleteFrom("sessions")
    .where("user_id", "=", userId)
    .where("token_hash", "<>", keepTokenHash)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface ActiveUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  practiceId: string;
  practiceName: string;
  mustChangePassword: boolean;
}

/** The user behind a session, if still active; visible once the practice identity is set. */
export async function findActiveUser(tx: Tx, practiceId: string, userId: string): Promise<ActiveUser | undefined> {
  const row = await tx
    .selectFrom("users")
    .innerJoin("practices", "practices.id", "users.practice_id")
    .select([
      "users.id",
      "users.name",
      "users.email",
      "users.role",
      "users.practice_id",
      "practices.name as practice_name",
      "users.must_change_password",
    ])
    .where("users.practice_id", "=", practiceId)
    .where("users.id", "=", userId)
    .where("users.deactivated_at", "is", null)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        name: row.name,
        email: row.email,
        role: row.role,
        practiceId: row.practice_id,
        practiceName: row.practice_name,
        mustChangePassword: row.must_change_password,
      }
    : undefined;
}

export async function findPasswordHash(tx: Tx, userId: string): Promise<string | undefined> {
  const row = await tx.selectFrom("users").select("password_hash").where("id", "=", userId).executeTakeFirst();
  return row?.password_hash;
}

export async function setPassword(tx: Tx, userId: string, passwordHash: string): Promise<void> {
  await tx.updateTable("users").set({ password_hash: passwordHash, must_change_password: false }).where("id", "=", userId).execute();
}

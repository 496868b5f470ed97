import type { Tx } from "@wave/db";
import type { Role } from "@wave/shared";

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
  session: { practiceId: string; userId: string; tokenHash: string; now: Date; expiresAt: Date },
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

export async function findSessionByTokenHash(tx: Tx, tokenHash: string): Promise<StoredSession | undefined> {
  const row = await tx
    .selectFrom("sessions")
    .select(["id", "practice_id", "user_id", "last_seen_at", "expires_at"])
    .where("token_hash", "=", tokenHash)
    .executeTakeFirst();
  return row
    ? { id: row.id, practiceId: row.practice_id, userId: row.user_id, lastSeenAt: row.last_seen_at, expiresAt: row.expires_at }
    : undefined;
}

export async function touchSession(tx: Tx, tokenHash: string, now: Date): Promise<void> {
  await tx.updateTable("sessions").set({ last_seen_at: now }).where("token_hash", "=", tokenHash).execute();
}

export async function deleteSessionByTokenHash(tx: Tx, tokenHash: string): Promise<void> {
  await tx.deleteFrom("sessions").where("token_hash", "=", tokenHash).execute();
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

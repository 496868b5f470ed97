import { TRPCError } from "@trpc/server";
import type { Kysely } from "kysely";
import {
  assumeActor,
  decoyPasswordHash,
  hashPassword,
  verifyPassword,
  withActor,
  withCredential,
  type Actor,
  type Database,
} from "@wave/db";
import type { LoginInput } from "@wave/shared";
import { appendAudit, recordAudit } from "../audit/audit.repository.js";
import { fieldError } from "../errors.js";
import type { Session, SessionUser } from "../context.js";
import {
  deleteOtherSessionsOf,
  deleteOwnSession,
  deleteSessionByTokenHash,
  findActiveSessionsOf,
  findActiveUser,
  findLoginCandidate,
  findPasswordHash,
  setPassword,
  findSessionWithUser,
  insertSession,
  touchSession,
  type OwnSession,
} from "./auth.repository.js";
import {
  hashSessionToken,
  newSessionToken,
  SESSION_ABSOLUTE_TIMEOUT_MS,
  SESSION_IDLE_TIMEOUT_MS,
  SESSION_TOUCH_INTERVAL_MS,
} from "./session-token.js";

const BAD_CREDENTIALS = "That email and password do not match an active account. Check both and try again.";

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: SessionUser;
}

/**
 * Checks the password outside any transaction (argon2 is slow on purpose and
 * must not hold a connection), then starts a fresh session: a new random
 * token at every sign-in, so a planted session id is worthless. The browser's
 * user agent is kept with it so the user can tell their sessions apart.
 */
export async function login(db: Kysely<Database>, input: LoginInput, now: Date, userAgent: string | null): Promise<LoginResult> {
  const candidate = await withCredential(db, { loginEmail: input.email }, (tx) => findLoginCandidate(tx, input.email));
  const passwordMatches = await verifyPassword(candidate?.passwordHash ?? (await decoyPasswordHash()), input.password);
  if (!candidate || !passwordMatches || candidate.deactivatedAt) {
    if (candidate) {
      await withCredential(db, { loginEmail: input.email }, async (tx) => {
        await assumeActor(tx, { userId: candidate.id, practiceId: candidate.practiceId, role: candidate.role });
        await appendAudit(tx, {
          practiceId: candidate.practiceId,
          actorId: candidate.id,
          action: "auth.login_failed",
          entity: "user",
          entityId: candidate.id,
          details: { reason: candidate.deactivatedAt ? "deactivated" : "bad_password" },
        });
      });
    }
    throw new TRPCError({ code: "UNAUTHORIZED", message: BAD_CREDENTIALS });
  }

  const token = newSessionToken();
  const tokenHash = hashSessionToken(token);
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_TIMEOUT_MS);
  const user = await withCredential(db, { sessionTokenHash: tokenHash }, async (tx) => {
    await assumeActor(tx, { userId: candidate.id, practiceId: candidate.practiceId, role: candidate.role });
    const sessionId = await insertSession(tx, {
      practiceId: candidate.practiceId,
      userId: candidate.id,
      tokenHash,
      now,
      expiresAt,
      userAgent,
    });
    await appendAudit(tx, {
      practiceId: candidate.practiceId,
      actorId: candidate.id,
      action: "auth.login",
      entity: "session",
      entityId: sessionId,
    });
    return findActiveUser(tx, candidate.practiceId, candidate.id);
  });
  if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: BAD_CREDENTIALS });
  return { token, expiresAt, user };
}

/**
 * The session a cookie token stands for, or null when it is unknown, expired or its user deactivated.
 * `touch: false` checks without counting as activity (an open live stream re-checking its session).
 */
export async function resolveSession(
  db: Kysely<Database>,
  token: string,
  now: Date,
  options: { touch?: boolean } = {},
): Promise<Session | null> {
  const tokenHash = hashSessionToken(token);
  return withCredential(db, { sessionTokenHash: tokenHash }, async (tx) => {
    // The session and its user in one statement: the token's holder reads both (findSessionWithUser).
    const found = await findSessionWithUser(tx, tokenHash);
    if (!found) return null;
    const { session: stored, user } = found;
    const idleSince = now.getTime() - stored.lastSeenAt.getTime();
    if (stored.expiresAt.getTime() <= now.getTime() || idleSince >= SESSION_IDLE_TIMEOUT_MS || !user) {
      await deleteSessionByTokenHash(tx, tokenHash);
      return null;
    }
    if (options.touch !== false && idleSince >= SESSION_TOUCH_INTERVAL_MS) await touchSession(tx, tokenHash, now);
    return { id: stored.id, tokenHash, user };
  });
}

/** Revokes the session server-side: the cookie alone can never bring it back. */
export async function logout(db: Kysely<Database>, session: Session): Promise<void> {
  await withCredential(db, { sessionTokenHash: session.tokenHash }, async (tx) => {
    await assumeActor(tx, actorOf(session));
    await deleteSessionByTokenHash(tx, session.tokenHash);
    await appendAudit(tx, {
      practiceId: session.user.practiceId,
      actorId: session.user.id,
      action: "auth.logout",
      entity: "session",
      entityId: session.id,
    });
  });
}

/**
 * Replaces the user's password after checking the current one; this is also
 * how a temporary password from a lead is retired at first sign-in. Every
 * other session of the user ends (a cookie stolen with the old password dies
 * with it); the one that made the change stays signed in.
 */
export async function changePassword(
  db: Kysely<Database>,
  session: Session,
  input: { currentPassword: string; newPassword: string },
): Promise<SessionUser> {
  const actor = actorOf(session);
  const currentHash = await withActor(db, actor, (tx) => findPasswordHash(tx, session.user.id));
  if (!currentHash || !(await verifyPassword(currentHash, input.currentPassword))) {
    await withActor(db, actor, (tx) =>
      recordAudit(tx, actor, { action: "auth.change_password_failed", entity: "user", entityId: actor.userId }),
    );
    throw fieldError("currentPassword", "Your current password is not right");
  }
  const newHash = await hashPassword(input.newPassword);
  return withActor(db, actor, async (tx) => {
    await setPassword(tx, session.user.id, newHash);
    const sessionsEnded = await deleteOtherSessionsOf(tx, session.user.id, session.tokenHash);
    await recordAudit(tx, actor, {
      action: "auth.change_password",
      entity: "user",
      entityId: actor.userId,
      details: { sessionsEnded },
    });
    const user = await findActiveUser(tx, actor.practiceId, actor.userId);
    if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in to continue." });
    return user;
  });
}

const SESSION_NOT_FOUND = "That session has already ended, or is not one of yours. Reload the list of sessions to see the current ones.";

export interface OwnSessionRow extends OwnSession {
  /** The session making this request. */
  current: boolean;
}

/** The caller's own sessions that still work, most recently active first. */
export async function listOwnSessions(db: Kysely<Database>, session: Session, now: Date): Promise<{ rows: OwnSessionRow[] }> {
  const actor = actorOf(session);
  const idleSince = new Date(now.getTime() - SESSION_IDLE_TIMEOUT_MS);
  const sessions = await withActor(db, actor, (tx) => findActiveSessionsOf(tx, actor, now, idleSince));
  return { rows: sessions.map((own) => ({ ...own, current: own.sessionId === session.id })) };
}

/**
 * Ends one of the caller's own sessions (a browser left signed in elsewhere).
 * Someone else's session id answers exactly as an unknown one does. Ending
 * the current session signs the caller out; the router clears the cookie.
 */
export async function endOwnSession(
  db: Kysely<Database>,
  session: Session,
  sessionId: string,
): Promise<{ ended: true; signedOut: boolean }> {
  const actor = actorOf(session);
  const current = sessionId === session.id;
  const ended = await withActor(db, actor, async (tx) => {
    if (!(await deleteOwnSession(tx, actor, sessionId))) return false;
    await recordAudit(tx, actor, { action: "auth.session_ended", entity: "session", entityId: sessionId, details: { current } });
    return true;
  });
  if (!ended) throw new TRPCError({ code: "NOT_FOUND", message: SESSION_NOT_FOUND });
  return { ended: true, signedOut: current };
}

function actorOf(session: Session): Actor {
  return { userId: session.user.id, practiceId: session.user.practiceId, role: session.user.role };
}

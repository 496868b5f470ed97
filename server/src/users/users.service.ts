import { randomInt } from "node:crypto";
import type { Kysely } from "kysely";
import { hashPassword, withActor, type Actor, type Database } from "@wave/db";
import type { Role } from "@wave/shared";
import { recordAudit } from "../audit/audit.repository.js";
import { fieldError, isUniqueViolation, notFound } from "../errors.js";
import {
  countActiveClientsByConsultant,
  countActiveClientsOf,
  deleteSessionsOf,
  findStaffMember,
  insertUser,
  listStaff,
  markDeactivated,
  type StaffMember,
} from "./users.repository.js";

export const EMAIL_UNUSABLE = "That email cannot be used. Choose another.";

/** A lead's view of the practice's staff, with how many active clients each consultant holds. */
export async function listPracticeStaff(
  db: Kysely<Database>,
  actor: Actor,
): Promise<(StaffMember & { activeClients: number })[]> {
  return withActor(db, actor, async (tx) => {
    const [staff, counts] = [await listStaff(tx), await countActiveClientsByConsultant(tx)];
    return staff.map((member) => ({ ...member, activeClients: counts.get(member.id) ?? 0 }));
  });
}

// Unambiguous characters only: the lead reads the password out or copies it once.
const TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const TEMPORARY_LENGTH = 16;

export function temporaryPassword(): string {
  return Array.from({ length: TEMPORARY_LENGTH }, () => TEMPORARY_ALPHABET[randomInt(TEMPORARY_ALPHABET.length)]).join("");
}

/**
 * Adds a consultant or lead with a one-time temporary password, shown to the
 * lead once and never stored in the clear; it must be changed at first sign-in.
 */
export async function createStaffMember(
  db: Kysely<Database>,
  actor: Actor,
  input: { email: string; name: string; role: Role },
): Promise<{ user: StaffMember; temporaryPassword: string }> {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  return withActor(db, actor, async (tx) => {
    let userId: string;
    try {
      userId = await insertUser(tx, { practiceId: actor.practiceId, passwordHash, ...input });
    } catch (error) {
      // Emails are unique across Wave, including other practices' staff. One
      // answer for every taken email, whoever holds it, that names no account:
      // a lead learns nothing about another practice's staff from it.
      if (isUniqueViolation(error)) {
        throw fieldError("email", EMAIL_UNUSABLE, "CONFLICT");
      }
      throw error;
    }
    await recordAudit(tx, actor, {
      action: "user.create",
      entity: "user",
      entityId: userId,
      details: { role: input.role },
    });
    const user = await findStaffMember(tx, userId);
    if (!user) throw notFound("The new user could not be read back.");
    return { user, temporaryPassword: password };
  });
}

/**
 * Deactivates a colleague: their sessions end at once, their clients stay and
 * show as awaiting reassignment. A lead cannot deactivate themself.
 */
export async function deactivateStaffMember(db: Kysely<Database>, actor: Actor, userId: string, now: Date) {
  if (userId === actor.userId) {
    throw fieldError("userId", "You cannot deactivate your own account");
  }
  return withActor(db, actor, async (tx) => {
    const member = await findStaffMember(tx, userId);
    if (!member) throw notFound("No user with that id in your practice.");
    await markDeactivated(tx, userId, now);
    const sessionsEnded = await deleteSessionsOf(tx, userId);
    const clientsToReassign = await countActiveClientsOf(tx, userId);
    await recordAudit(tx, actor, {
      action: "user.deactivate",
      entity: "user",
      entityId: userId,
      details: { sessionsEnded, clientsToReassign },
    });
    return { user: (await findStaffMember(tx, userId)) ?? member, sessionsEnded, clientsToReassign };
  });
}

import { sql, type Kysely, type Transaction } from "kysely";
import type { Role } from "@wave/shared";
import type { Database } from "./schema.js";

export type Tx = Transaction<Database>;

/** Who is asking: set on every transaction for the row-level-security policies. */
export interface Actor {
  userId: string;
  practiceId: string;
  role: Role;
}

/**
 * Runs `work` in a transaction as the application role, which owns no table
 * and cannot bypass row-level security, with the caller's identity set for
 * this transaction only (set_config(..., true)), so a pooled connection
 * never carries one request's identity into the next.
 */
export async function withActor<T>(db: Kysely<Database>, actor: Actor, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql`set local role wave_app`.execute(tx);
    await sql`select set_config('wave.user_id', ${actor.userId}, true),
                     set_config('wave.practice_id', ${actor.practiceId}, true),
                     set_config('wave.role', ${actor.role}, true)`.execute(tx);
    return work(tx);
  });
}

/**
 * Before anyone is identified (sign-in, session lookup), the only key is the
 * credential itself: the email being signed in, or the hash of a session token.
 */
export async function withCredential<T>(
  db: Kysely<Database>,
  credential: { loginEmail?: string; sessionTokenHash?: string },
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql`set local role wave_app`.execute(tx);
    await sql`select set_config('wave.login_email', ${credential.loginEmail ?? ""}, true),
                     set_config('wave.session_token_hash', ${credential.sessionTokenHash ?? ""}, true)`.execute(tx);
    return work(tx);
  });
}

/**
 * Adds the identity to a credential transaction once the user is known. The
 * role may be unknown yet (resolving a session): then no role-based policy applies.
 */
export async function assumeActor(tx: Tx, actor: Omit<Actor, "role"> & { role?: Role }): Promise<void> {
  await sql`select set_config('wave.user_id', ${actor.userId}, true),
                   set_config('wave.practice_id', ${actor.practiceId}, true),
                   set_config('wave.role', ${actor.role ?? ""}, true)`.execute(tx);
}

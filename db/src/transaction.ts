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
 * How long one statement of an application transaction may run, and wait for
 * a lock, before Postgres cancels it (SQLSTATE 57014 / 55P03): a stalled
 * query or a held lock then fails that request fast instead of holding its
 * connection, and every request queued behind it, for as long as it lasts.
 */
export interface TransactionLimits {
  statementTimeoutMs: number;
  lockTimeoutMs: number;
}

export const DEFAULT_TRANSACTION_LIMITS: Readonly<TransactionLimits> = { statementTimeoutMs: 5_000, lockTimeoutMs: 2_000 };

// Limits travel with the database handle a request is given, so the services
// (which only ever see `db`) need not pass them to every transaction.
const limitsOfHandle = new WeakMap<Kysely<Database>, TransactionLimits>();

/** The limits withActor/withCredential apply to transactions on `db`. */
export function transactionLimitsOf(db: Kysely<Database>): TransactionLimits {
  return limitsOfHandle.get(db) ?? DEFAULT_TRANSACTION_LIMITS;
}

/**
 * The same database (the same pool, or the same pinned connection) whose
 * withActor/withCredential transactions run under these limits; what is not
 * given is inherited from `db`.
 */
export function withTransactionLimits(db: Kysely<Database>, limits: Partial<TransactionLimits>): Kysely<Database> {
  // withTables() is Kysely's plain copy: same executor, driver and plugins.
  const handle: Kysely<Database> = db.withTables<Record<never, never>>();
  limitsOfHandle.set(handle, { ...transactionLimitsOf(db), ...limits });
  return handle;
}

export interface TransactionOptions {
  /** Overrides the limits the handle carries, for this transaction only. */
  limits?: Partial<TransactionLimits>;
}

function limitsFor(db: Kysely<Database>, options: TransactionOptions): TransactionLimits {
  return { ...transactionLimitsOf(db), ...options.limits };
}

/**
 * The role every application transaction runs as: it owns no table and
 * cannot bypass row-level security. Set with set_config('role', ..., true),
 * which is SET LOCAL ROLE, in the same statement as the identity and the
 * limits: one round trip per transaction's setup instead of two.
 */
export const APP_ROLE = "wave_app";

/**
 * Every wave.* key a row-level policy reads. A block sets each one, to its
 * own value or to empty: on a Postgres server a request's blocks share one
 * transaction (docs/decisions/0034), so a key a block left unset would still
 * hold what an earlier block of the same request set.
 */
const BLOCK_KEYS = [
  "wave.login_email",
  "wave.session_token_hash",
  "wave.link_token_hash",
  "wave.user_id",
  "wave.practice_id",
  "wave.role",
  "wave.client_id",
  "wave.link_id",
] as const;

type BlockKey = (typeof BLOCK_KEYS)[number];

/** A block's one setup statement: the role, every key of BLOCK_KEYS (unset ones empty), then the limits. */
async function beginBlock(tx: Tx, keys: Partial<Record<BlockKey, string | undefined>>, limits: TransactionLimits): Promise<void> {
  const settings = BLOCK_KEYS.map((key) => sql`set_config(${sql.lit(key)}, ${keys[key] ?? ""}, true)`);
  await sql`select set_config('role', ${APP_ROLE}, true), ${sql.join(settings)},
                   set_config('statement_timeout', ${String(limits.statementTimeoutMs)}, true),
                   set_config('lock_timeout', ${String(limits.lockTimeoutMs)}, true)`.execute(tx);
}

/**
 * Runs `work` in a transaction as the application role (APP_ROLE), with the
 * caller's identity and the statement and lock timeouts set for this
 * transaction only (set_config(..., true)), so a pooled or pinned connection
 * never carries one transaction's identity or limits into the next. Every
 * other key is cleared (beginBlock): a staff block runs as the staff member
 * alone, not also as the session token or link an earlier block held.
 */
export async function withActor<T>(
  db: Kysely<Database>,
  actor: Actor,
  work: (tx: Tx) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const limits = limitsFor(db, options);
  return db.transaction().execute(async (tx) => {
    await beginBlock(tx, { "wave.user_id": actor.userId, "wave.practice_id": actor.practiceId, "wave.role": actor.role }, limits);
    return work(tx);
  });
}

/**
 * Before anyone is identified (sign-in, session lookup, a self-report link),
 * the only key is the credential itself: the email being signed in, or the
 * hash of a session's or a link's token. Whoever an earlier block of the same
 * transaction identified is cleared: on a Postgres server a request's blocks
 * share one transaction (docs/decisions/0034), and a session lookup that
 * assumed a user before finding them deactivated must not leave that user's
 * identity to the self-report block that follows it in a batch.
 */
export async function withCredential<T>(
  db: Kysely<Database>,
  credential: { loginEmail?: string; sessionTokenHash?: string; linkTokenHash?: string },
  work: (tx: Tx) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const limits = limitsFor(db, options);
  return db.transaction().execute(async (tx) => {
    await beginBlock(
      tx,
      {
        "wave.login_email": credential.loginEmail,
        "wave.session_token_hash": credential.sessionTokenHash,
        "wave.link_token_hash": credential.linkTokenHash,
      },
      limits,
    );
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

/** The role the link holder's row-level policies key on; never a staff role. */
export const LINK_HOLDER_ROLE = "client_link";

/** The holder of a live self-report link: one client, in one practice. */
export interface LinkHolder {
  practiceId: string;
  clientId: string;
  linkId: string;
}

/**
 * A public self-report call (docs/decisions/0021): the only credential is the
 * hash of the link's token, which reaches the link's own row and nothing else
 * until the service has found the link live and calls assumeLinkHolder.
 */
export function withSelfReportLink<T>(
  db: Kysely<Database>,
  tokenHash: string,
  work: (tx: Tx) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  return withCredential(db, { linkTokenHash: tokenHash }, work, options);
}

/**
 * Makes the link's client and practice the transaction's identity: from here
 * the database lets it write that client's reports and nothing else. No user
 * id: the staff policies all need one.
 */
export async function assumeLinkHolder(tx: Tx, holder: LinkHolder): Promise<void> {
  await sql`select set_config('wave.user_id', '', true),
                   set_config('wave.practice_id', ${holder.practiceId}, true),
                   set_config('wave.role', ${LINK_HOLDER_ROLE}, true),
                   set_config('wave.client_id', ${holder.clientId}, true),
                   set_config('wave.link_id', ${holder.linkId}, true)`.execute(tx);
}

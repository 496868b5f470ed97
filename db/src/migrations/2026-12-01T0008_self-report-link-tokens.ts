import { sql, type Kysely } from "kysely";
import { APP_ROLE } from "./2026-11-26T0001_row-level-security.js";

// Frozen once landed. A self-report link's token finds its practice first,
// then its link by (practice_id, token_hash)
// (docs/decisions/0032-self-report-link-tokens.md).
//
// A public self-report call knows only its token, and self_report_links was
// unique on token_hash alone: a table distributed by practice_id on Citus
// cannot keep a unique constraint without practice_id. Now:
// - self_report_link_tokens maps each token hash to its practice: small,
//   written once per link created, read once per public call, a reference
//   table on Citus (docs/scaling.md), filled here from the existing links
//   (tokens are stored hashed only and cannot be re-minted, so every link
//   keeps working);
// - self_report_links is unique on (practice_id, token_hash), and points at
//   its token's row by (practice_id, token_hash), so a link cannot exist
//   without its token row, nor with one naming another practice; a token hash
//   stays unique across Wave through the token table's primary key.
//
// Row-level security: the link holder's credential (the token's hash) reads
// its own row and nothing else, as it reads its own link; staff insert a row
// for their own practice only, in the transaction that creates the link, and
// read none (they never need the hashes). No one updates or deletes one.

const LINK_TOKEN = "nullif(current_setting('wave.link_token_hash', true), '')";
const PRACTICE = "(select wave_current_practice_id())";
const USER = "(select wave_current_user_id())";

async function run(db: Kysely<any>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await run(db, [
    `create table self_report_link_tokens (
       -- SHA-256 of the token, hex, as self_report_links keeps it.
       token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
       practice_id uuid not null references practices (id),
       -- What self_report_links points at: the pair, so the two cannot disagree on the practice.
       unique (practice_id, token_hash)
     )`,
    `insert into self_report_link_tokens (token_hash, practice_id) select token_hash, practice_id from self_report_links`,
    `alter table self_report_links
       add constraint self_report_links_token_key unique (practice_id, token_hash),
       add constraint self_report_links_token_fk foreign key (practice_id, token_hash)
         references self_report_link_tokens (practice_id, token_hash),
       drop constraint self_report_links_token_hash_key`,

    `alter table self_report_link_tokens enable row level security`,
    `alter table self_report_link_tokens force row level security`,
    `grant select, insert on self_report_link_tokens to ${APP_ROLE}`,
    `create policy self_report_link_tokens_by_token on self_report_link_tokens for select to ${APP_ROLE}
       using (token_hash = ${LINK_TOKEN})`,
    // A staff member (a user id: the link holder has none) writing their own practice's token.
    `create policy self_report_link_tokens_staff_insert on self_report_link_tokens for insert to ${APP_ROLE}
       with check (practice_id = ${PRACTICE} and ${USER} is not null)`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await run(db, [
    // Hashes are unique across Wave (the token table's key), so the old constraint returns.
    `alter table self_report_links
       add constraint self_report_links_token_hash_key unique (token_hash),
       drop constraint self_report_links_token_fk,
       drop constraint self_report_links_token_key`,
    `drop table self_report_link_tokens`,
  ]);
}

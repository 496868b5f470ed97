import { Writable } from "node:stream";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { createLogger, serializeError } from "./logger.js";

const EMAIL = "quillon.farthing@example.test";
const NOTE = "cried through the whole let-down, thought of leaving";
const HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g";

/** pg's DatabaseError (pg-protocol): the server's fields as enumerable properties. */
function pgUniqueViolation(): Error {
  return Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), {
    name: "DatabaseError",
    length: 210,
    severity: "ERROR",
    code: "23505",
    detail: `Key (email)=(${EMAIL}) already exists.`,
    hint: undefined,
    position: undefined,
    internalPosition: "12",
    internalQuery: `insert into users values ('${EMAIL}')`,
    where: `PL/pgSQL function audit() line 3 at SQL statement with ${EMAIL}`,
    schema: "public",
    table: "users",
    column: undefined,
    dataType: undefined,
    constraint: "users_email_key",
    file: "nbtinsert.c",
    line: "666",
    routine: "_bt_check_unique",
  });
}

/** PGlite's error: the same fields, plus the statement and its values (PGlite's makePGliteError). */
function pgliteCheckViolation(): Error {
  return Object.assign(new Error('new row for relation "episodes" violates check constraint "episodes_notes_check"'), {
    name: "error",
    severity: "ERROR",
    code: "23514",
    detail: `Failing row contains (1, ${NOTE}).`,
    table: "episodes",
    constraint: "episodes_notes_check",
    routine: "ExecConstraints",
    query: 'insert into "episodes" ("notes", "intensity") values ($1, $2)',
    params: [NOTE, 9],
    queryOptions: { rowMode: "object" },
  });
}

/** A Kysely-level failure that carries the compiled statement. */
function kyselyErrorWithParameters(): Error {
  return Object.assign(new Error(`invalid input syntax for type uuid: "${EMAIL}"`), {
    code: "22P02",
    sql: 'select * from "users" where "email" = $1',
    parameters: [EMAIL, HASH],
  });
}

function collect(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
}

describe("serializeError: what an error keeps in the log", () => {
  it("keeps the name, SQLSTATE and schema identifiers of a pg error, and drops detail, where and internal query", () => {
    const safe = serializeError(pgUniqueViolation());
    expect(safe).toMatchObject({ name: "DatabaseError", code: "23505", table: "users", constraint: "users_email_key", routine: "_bt_check_unique" });
    expect(safe.message).toBe('duplicate key value violates unique constraint "…"');
    expect(JSON.stringify(safe)).not.toContain(EMAIL);
    expect(Object.keys(safe)).not.toEqual(expect.arrayContaining(["detail"]));
  });

  it("drops PGlite's statement and bind values", () => {
    const safe = JSON.stringify(serializeError(pgliteCheckViolation()));
    expect(safe).not.toContain(NOTE);
    expect(safe).not.toContain("insert into");
    expect(safe).toContain("episodes_notes_check");
  });

  it("blanks values a message quotes and the stack's repeated message, keeping the frames", () => {
    const safe = serializeError(kyselyErrorWithParameters());
    expect(safe.message).toBe('invalid input syntax for type uuid: "…"');
    expect(safe.stack).toMatch(/^\s+at /);
    expect(JSON.stringify(safe)).not.toContain(EMAIL);
    expect(JSON.stringify(safe)).not.toContain("$argon2");
    expect(JSON.stringify(safe)).not.toContain("select");
  });

  it("follows causes: a TRPCError wrapping a driver error wrapping another", () => {
    const inner = pgliteCheckViolation();
    const outer = new Error(`statement failed for ${EMAIL}`, { cause: inner });
    const wrapped = new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: outer });
    const safe = serializeError(wrapped);
    expect(safe.name).toBe("TRPCError");
    expect(safe.code).toBe("INTERNAL_SERVER_ERROR");
    expect(safe.cause?.cause?.code).toBe("23514");
    // Unquoted text in a message of our own is the code's, kept as written.
    expect(safe.cause?.message).toBe(`statement failed for ${EMAIL}`);
    expect(JSON.stringify(safe.cause?.cause)).not.toContain(NOTE);
  });

  it("says only the type of a thrown non-error", () => {
    expect(serializeError(`failed for ${EMAIL}`)).toEqual({ type: "string" });
  });
});

describe("createLogger: every error under err or error goes through the serializer", () => {
  it("writes no parameter, detail or statement of any of the shapes", () => {
    const { lines, stream } = collect();
    const log = createLogger("info", stream);
    log.error({ err: pgUniqueViolation() }, "procedure failed");
    log.child({ requestId: "r1" }).error({ error: pgliteCheckViolation() }, "procedure failed");
    log.warn({ err: new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: kyselyErrorWithParameters() }) }, "failed");
    log.error(pgliteCheckViolation());
    const output = lines.join("");
    expect(lines).toHaveLength(4);
    for (const secret of [EMAIL, NOTE, "$argon2", "Failing row", "insert into", "select *"]) expect(output).not.toContain(secret);
    expect(output).toContain('"code":"23505"');
    expect(output).toContain('"constraint":"episodes_notes_check"');
  });
});

import { describe, expect, it } from "vitest";
import { sanitiseToolErrors, tarEntryNames } from "./backup.js";

describe("sanitiseToolErrors", () => {
  it("keeps pg_restore's own lines and drops every quoted row", () => {
    const stderr = [
      'pg_restore: error: COPY failed for table "episodes": ERROR:  invalid input syntax for type integer: "felt hopeless at 3am"',
      'CONTEXT:  COPY episodes, line 3: "c0ffee\tfelt hopeless at 3am\t7"',
      'pg_restore: error: could not execute query: ERROR:  duplicate key value violates unique constraint "users_email_key"',
      "DETAIL:  Key (email)=(pat@example.org) already exists.",
      "Command was: ALTER TABLE ONLY public.users ADD CONSTRAINT users_email_key UNIQUE (email);",
      'pg_restore: error: new row for relation "notes" violates check constraint "x": Failing row contains (1, private words).',
    ].join("\n");
    const shown = sanitiseToolErrors(stderr);
    expect(shown).toContain('COPY failed for table "episodes"');
    expect(shown).toContain('violates unique constraint "users_email_key"');
    expect(shown).not.toMatch(/hopeless|pat@example|private words|Command was|CONTEXT|DETAIL/);
  });

  it("says how to run when row-level security stops pg_dump", () => {
    expect(sanitiseToolErrors("pg_dump: error: query would be affected by row-level security policy for table \"clients\"")).toContain(
      "BYPASSRLS",
    );
  });
});

describe("tarEntryNames", () => {
  it("reads the names of a ustar archive", () => {
    const header = (name: string, size: number) => {
      const block = Buffer.alloc(512);
      block.write(name, 0, "utf8");
      block.write(size.toString(8).padStart(11, "0"), 124, "latin1");
      block.write("ustar", 257, "latin1");
      return block;
    };
    const tar = Buffer.concat([header("/PG_VERSION", 3), Buffer.alloc(512), header("/base/1/112", 0), Buffer.alloc(1024)]);
    expect(tarEntryNames(tar)).toEqual(["PG_VERSION", "base/1/112"]);
  });
});

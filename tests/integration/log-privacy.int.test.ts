import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { Writable } from "node:stream";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WaveDatabase } from "@wave/db";
import { createTestPractice, openTestDatabase, TEST_PASSWORD, type TestPractice } from "@wave/db/testing";
import { createApp, createLogger } from "@wave/server";
import { listen } from "../support/listen";

// The server's whole log output over a journey whose writes then fail inside
// the database (docs/security.md, "Logs hold no health data"). The failures
// come from a trigger that refuses the row and quotes it in DETAIL and HINT,
// as a real check violation's "Failing row contains (…)" does, while the
// statement's bind values carry the health data.
const DISPLAY_NAME = "Quillonia Farthingdale";
const RENAMED = "Quillonia Renamed-Farthingdale";
const NOTE = "Zyxwrath felt hollow at every let-down";
const SECOND_NOTE = "Zyxwrath second note, thoughts of leaving";
const FOLLOW_UP_NOTE = "Zyxwrath follow-up, partner worried";
const EPDS_ANSWERS = [3, 2, 1, 0, 3, 2, 1, 0, 3, 1];
const NEW_EMAIL = "zyxwrath.newstaff@example.test";
const NEW_NAME = "Zyxwrath Newstaff";
const FAULTY_TABLES = ["clients", "episodes", "screenings", "follow_ups", "users"] as const;

let database: WaveDatabase;
let practice: TestPractice;
let server: Server;
let base: string;
const lines: string[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "Log privacy");
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const app = createApp({ db: database.db, log: createLogger("debug", sink), trustProxy: false });
  ({ server, base } = await listen(app));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await database.close();
});

async function signIn(email: string): Promise<string> {
  const response = await fetch(`${base}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  expect(response.status).toBe(200);
  return response.headers.get("set-cookie")?.split(";")[0] ?? "";
}

async function mutate(cookie: string, procedure: string, input: unknown): Promise<{ status: number; body: string }> {
  const response = await fetch(`${base}/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify(input),
  });
  return { status: response.status, body: await response.text() };
}

function episode(clientId: string, notes: string) {
  return {
    id: randomUUID(),
    clientId,
    occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
    intensity: 9,
    types: ["despondency", "anxiety"],
    context: "nursing",
    letDown: "first",
    durationSeconds: 120,
    impact: "considering_weaning",
    selfHarmThoughts: true,
    ratedAfterEducation: false,
    notes,
  };
}

async function installFaults(): Promise<void> {
  await sql
    .raw(
      `create or replace function wave_test_refuse_row() returns trigger language plpgsql as $$
       begin
         raise exception 'refused by the log privacy test: %', to_jsonb(new)::text
           using detail = to_jsonb(new)::text, hint = to_jsonb(new)::text;
       end $$`,
    )
    .execute(database.db);
  for (const table of FAULTY_TABLES) {
    await sql.raw(`create trigger wave_test_refuse_row before insert or update on ${table} for each row execute function wave_test_refuse_row()`).execute(database.db);
  }
}

async function removeFaults(): Promise<void> {
  for (const table of FAULTY_TABLES) await sql.raw(`drop trigger if exists wave_test_refuse_row on ${table}`).execute(database.db);
  await sql.raw("drop function if exists wave_test_refuse_row()").execute(database.db);
}

describe("the server log over a journey with failing database writes", () => {
  it("holds no display name, note, EPDS answers, email or password hash", async () => {
    const consultant = await signIn(practice.consultants[0].email);
    const birth = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10);
    const client = { displayName: DISPLAY_NAME, babyBirthDate: birth, feedingMethod: "nursing", consideringWeaning: true };
    const created = await mutate(consultant, "clients.create", client);
    expect(created.status).toBe(200);
    const { clientId, version } = (JSON.parse(created.body) as { result: { data: { clientId: string; version: number } } }).result.data;
    expect((await mutate(consultant, "episodes.create", episode(clientId, NOTE))).status).toBe(200);
    const epds = { id: randomUUID(), clientId, takenAt: new Date(Date.now() - 60_000).toISOString(), answers: EPDS_ANSWERS };
    expect((await mutate(consultant, "screenings.createEpds", epds)).status).toBe(200);
    const dueAt = new Date(Date.now() + 86_400_000).toISOString();
    expect((await mutate(consultant, "followUps.schedule", { clientId, dueAt })).status).toBe(200);
    const lead = await signIn(practice.lead.email);

    await installFaults();
    const failed: { status: number; body: string }[] = [];
    try {
      failed.push(await mutate(consultant, "clients.update", { ...client, displayName: RENAMED, clientId, version }));
      failed.push(await mutate(consultant, "episodes.create", episode(clientId, SECOND_NOTE)));
      failed.push(await mutate(consultant, "screenings.createEpds", { ...epds, id: randomUUID() }));
      failed.push(
        await mutate(consultant, "followUps.complete", { id: randomUUID(), clientId, outcome: "reached", contact: "phone", notes: FOLLOW_UP_NOTE }),
      );
      failed.push(await mutate(lead, "users.create", { email: NEW_EMAIL, name: NEW_NAME, role: "consultant" }));
    } finally {
      await removeFaults();
    }

    // Each failure reached the database and was logged as a failed procedure.
    expect(failed.map((response) => response.status)).toEqual([500, 500, 500, 500, 500]);
    const output = lines.join("");
    expect(output.match(/"msg":"procedure failed"/g)).toHaveLength(5);
    expect(output).toContain('"code":"P0001"');
    const secrets = [DISPLAY_NAME, RENAMED, NOTE, SECOND_NOTE, FOLLOW_UP_NOTE, "Zyxwrath", "Farthingdale", EPDS_ANSWERS.join(","), NEW_EMAIL, "$argon2"];
    for (const secret of [...secrets, practice.consultants[0].email, practice.lead.email]) expect(output).not.toContain(secret);
    // Nor do the answers the browser received.
    for (const response of failed) for (const secret of secrets) expect(response.body).not.toContain(secret);
  });
});

import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WaveDatabase } from "@wave/db";
import { createTestPractice, openTestDatabase, TEST_PASSWORD, type TestPractice } from "@wave/db/testing";
import { episodeFields, isoDateDaysAgo, outcomeOf, signedInCaller, userMessageOf, type Caller } from "@wave/server/testing";
import { TRPCError } from "@trpc/server";

// Nothing acknowledged is silently changed: whatever the API accepts comes
// back exactly as sent (the same instant, the same text), and whatever it
// cannot store exactly is refused with a message naming the field.
let database: WaveDatabase;
let practice: TestPractice;
let emily: Caller;
let lead: Caller;

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "Exact");
  emily = await signedInCaller(database.db, practice.consultants[0].email, TEST_PASSWORD);
  lead = await signedInCaller(database.db, practice.lead.email, TEST_PASSWORD);
});
afterAll(() => database.close());

const clientId = () => practice.clients[0][0];
const episode = (overrides: Record<string, unknown> = {}) => ({ ...episodeFields(), id: randomUUID(), clientId: clientId(), ...overrides });

/** An ISO-8601 string for `date` written with the given offset from UTC, in minutes. */
function withOffset(date: Date, offsetMinutes: number): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, "0");
  const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, "0");
  return `${local}${sign}${hours}:${minutes}`;
}

describe("instants", () => {
  it("stores every accepted instant exactly, whatever offset it was written in", async () => {
    await fc.assert(
      fc.asyncProperty(
        // From 9 months before the test babies' birth (2026-09-01): earlier is clinically implausible (@wave/shared plausibility).
        fc.date({ min: new Date("2025-12-01T00:00:00Z"), max: new Date(Date.now() - 1000), noInvalidDate: true }),
        fc.integer({ min: -18 * 60, max: 18 * 60 }),
        async (when, offset) => {
          const sent = episode({ occurredAt: withOffset(when, offset) });
          const created = await emily.episodes.create(sent);
          expect(Date.parse(created.occurredAt)).toBe(when.getTime());
          const [listed] = await emily.episodes.list({ clientId: clientId(), from: created.occurredAt, to: created.occurredAt });
          expect(listed?.occurredAt).toBe(when.toISOString());
        },
      ),
      { numRuns: 40 },
    );
  });

  it("refuses years Postgres and JavaScript would read differently, naming the field", async () => {
    for (const occurredAt of ["0012-03-04T00:00:00Z", "0000-01-01T00:00:00Z", "1899-12-31T23:59:59Z"]) {
      expect(await userMessageOf(emily.episodes.create(episode({ occurredAt })))).toMatch(/occurredAt: When it happened must be between 1900/);
    }
    expect(await userMessageOf(emily.followUps.schedule({ clientId: clientId(), dueAt: "2300-01-01T00:00:00Z" }))).toMatch(
      /dueAt: Due must be between/,
    );
  });
});

describe("text", () => {
  it("stores every accepted note exactly as sent, less surrounding white space", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "grapheme", minLength: 1, maxLength: 200 }), async (notes) => {
        const sent = episode({ notes });
        const outcome = await outcomeOf(emily.episodes.create(sent));
        if (notes.includes("\0")) {
          expect(outcome).toBe("BAD_REQUEST");
          return;
        }
        expect(outcome).toBe("OK");
        const stored = (await emily.episodes.list({ clientId: clientId() })).find((row) => row.id === sent.id);
        expect(stored?.notes).toBe(notes.trim() === "" ? null : notes.trim());
      }),
      { numRuns: 40 },
    );
  });

  it("refuses a lone surrogate or a NUL instead of changing it, naming the field", async () => {
    for (const notes of ["half a pair \ud83d here", "low \udc00 alone", "nul \0 inside"]) {
      expect(await userMessageOf(emily.episodes.create(episode({ notes })))).toMatch(/notes: Notes contains characters that cannot be stored/);
    }
    expect(await userMessageOf(emily.notes.create({ id: randomUUID(), clientId: clientId(), body: "\ud800" }))).toMatch(/^body: /);
    const emoji = "Felt 😔 then 👍 — merci, ça va";
    const created = await emily.episodes.create(episode({ notes: emoji }));
    expect(created.notes).toBe(emoji);
  });
});

describe("replays", () => {
  it("answers a replay with the same content with the original, and other content under the same id with CONFLICT naming the id", async () => {
    const sent = episode({ intensity: 6 });
    const first = await emily.episodes.create(sent);
    expect(await emily.episodes.create({ ...sent, occurredAt: withOffset(new Date(sent.occurredAt), 120) })).toEqual(first);
    const different = emily.episodes.create({ ...sent, intensity: 9 });
    expect(await outcomeOf(different)).toBe("CONFLICT");
    expect(await userMessageOf(emily.episodes.create({ ...sent, intensity: 9 }))).toContain(sent.id);
    const listed = await emily.episodes.list({ clientId: clientId() });
    expect(listed.find((row) => row.id === sent.id)?.intensity).toBe(6);

    const note = { id: randomUUID(), clientId: clientId(), body: "First words." };
    await emily.notes.create(note);
    expect(await outcomeOf(emily.notes.create({ ...note, body: "Other words." }))).toBe("CONFLICT");

    const epds = { id: randomUUID(), clientId: clientId(), takenAt: new Date().toISOString(), answers: [0, 0, 3, 0, 3, 3, 3, 3, 3, 3] };
    await emily.screenings.createEpds(epds);
    expect(await outcomeOf(emily.screenings.createEpds({ ...epds, answers: [1, 0, 3, 0, 3, 3, 3, 3, 3, 3] }))).toBe("CONFLICT");

    const completion = { id: randomUUID(), clientId: clientId(), outcome: "reached" as const, notes: "Called." };
    await emily.followUps.complete(completion);
    expect(await outcomeOf(emily.followUps.complete({ ...completion, outcome: "not_reached" }))).toBe("CONFLICT");

    const client = {
      id: randomUUID(),
      displayName: "Replay R.",
      babyBirthDate: isoDateDaysAgo(60),
      feedingMethod: "nursing" as const,
      consideringWeaning: false,
    };
    await emily.clients.create(client);
    expect(await outcomeOf(emily.clients.create({ ...client, displayName: "Someone else" }))).toBe("CONFLICT");
  });
});

describe("concurrent edits", () => {
  it("lets one of two editors win and gives the other the record as the winner saved it", async () => {
    const created = await emily.episodes.create(episode({ intensity: 4 }));
    const { id, clientId: client, version, occurredAt } = created;
    const edit = (caller: Caller, intensity: number) =>
      caller.episodes.update({ ...episode(), id, clientId: client, occurredAt, version, intensity });
    const results = await Promise.allSettled([edit(emily, 7), edit(lead, 8)]);
    const won = results.filter((result) => result.status === "fulfilled");
    const lost = results.filter((result) => result.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = won[0]?.status === "fulfilled" ? won[0].value : undefined;
    const error = lost[0]?.status === "rejected" ? (lost[0].reason as unknown) : undefined;
    expect(error).toBeInstanceOf(TRPCError);
    const conflict = (error as TRPCError).cause as unknown as { current: { intensity: number; version: number } };
    expect((error as TRPCError).code).toBe("CONFLICT");
    expect(conflict.current).toMatchObject({ intensity: winner?.intensity, version: winner?.version });

    const record = await emily.clients.byId({ clientId: client });
    const update = (caller: Caller, displayName: string) =>
      caller.clients.update({
        clientId: client,
        version: record.version,
        displayName,
        babyBirthDate: record.babyBirthDate,
        feedingMethod: record.feedingMethod,
        consideringWeaning: record.consideringWeaning,
      });
    const clientResults = await Promise.allSettled([update(emily, "Ada Emily-edit"), update(lead, "Ada Lead-edit")]);
    const clientWinner = clientResults.find((result) => result.status === "fulfilled");
    const clientLoser = clientResults.find((result) => result.status === "rejected");
    const winnerName = clientWinner?.status === "fulfilled" ? clientWinner.value.displayName : undefined;
    const loserCause = clientLoser?.status === "rejected" ? ((clientLoser.reason as TRPCError).cause as unknown as { current: { displayName: string } }) : undefined;
    expect(winnerName).toBeDefined();
    expect(loserCause?.current.displayName).toBe(winnerName);
  });
});

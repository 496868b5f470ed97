import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WaveDatabase } from "@wave/db";
import type { EpisodeUpdateInput } from "@wave/shared";
import { countRows, createTestPractice, openTestDatabase, TEST_PASSWORD, type TestPractice } from "@wave/db/testing";
import { outcomeOf, signedInCaller, userMessageOf, type Caller } from "../testing.js";

let database: WaveDatabase;
let practice: TestPractice;
let emily: Caller;
let second: Caller;

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const typicalEpisode = (clientId: string) => ({
  id: randomUUID(),
  clientId,
  occurredAt: minutesAgo(10),
  intensity: 6,
  types: ["despondency" as const, "anxiety" as const],
  context: "nursing" as const,
  letDown: "first" as const,
  durationSeconds: 90,
  impact: "fed_less" as const,
  selfHarmThoughts: false,
  ratedAfterEducation: false,
  notes: "Hollow feeling at the first let-down.",
});

beforeAll(async () => {
  database = await openTestDatabase();
  practice = await createTestPractice(database.db, "Episodes");
  emily = await signedInCaller(database.db, practice.consultants[0].email, TEST_PASSWORD);
  second = await signedInCaller(database.db, practice.consultants[1].email, TEST_PASSWORD);
});
afterAll(() => database.close());

describe("episodes.create", () => {
  it("records an episode by the consultant and lists it newest first, with its band", async () => {
    const clientId = practice.clients[0][0];
    const older = await emily.episodes.create({ ...typicalEpisode(clientId), occurredAt: minutesAgo(600), intensity: 2 });
    const newer = await emily.episodes.create(typicalEpisode(clientId));
    expect(newer).toMatchObject({ source: "consultant", recordedByName: practice.consultants[0].name, band: "moderate", version: 1 });
    const listed = await emily.episodes.list({ clientId });
    expect(listed.map((episode) => episode.id)).toEqual([newer.id, older.id]);
    expect(listed[1]?.band).toBe("mild");
  });

  it("is idempotent: the same id twice makes one row and the same response", async () => {
    const clientId = practice.clients[0][1];
    const input = typicalEpisode(clientId);
    const before = await countRows(database.db, "episodes");
    const first = await emily.episodes.create(input);
    const again = await emily.episodes.create(input);
    const [concurrentA, concurrentB] = await Promise.all([emily.episodes.create(input), emily.episodes.create(input)]);
    expect(again).toEqual(first);
    expect(concurrentA).toEqual(first);
    expect(concurrentB).toEqual(first);
    expect(await countRows(database.db, "episodes")).toBe(before + 1);
    const audits = await database.db
      .selectFrom("audit_log")
      .select("id")
      .where("action", "=", "episode.create")
      .where("entity_id", "=", input.id)
      .execute();
    expect(audits).toHaveLength(1);
  });

  it("names each invalid field, in plain words", async () => {
    const call = emily.episodes.create({ ...typicalEpisode(practice.clients[0][0]), intensity: 11, types: [], durationSeconds: -5 });
    expect(await outcomeOf(call)).toBe("BAD_REQUEST");
    const message = await userMessageOf(
      emily.episodes.create({ ...typicalEpisode(practice.clients[0][0]), intensity: 11, types: [], durationSeconds: -5 }),
    );
    expect(message).toMatch(/intensity: Intensity must be from 1 to 10/);
    expect(message).toMatch(/types: Choose at least one feeling/);
    expect(message).toMatch(/durationSeconds: Duration cannot be negative/);
  });

  it("refuses an episode in the future", async () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect(await userMessageOf(emily.episodes.create({ ...typicalEpisode(practice.clients[0][0]), occurredAt: future }))).toMatch(/cannot be in the future/);
  });

  it("answers NOT_FOUND for another consultant's client and writes nothing", async () => {
    const before = await countRows(database.db, "episodes");
    expect(await outcomeOf(second.episodes.create(typicalEpisode(practice.clients[0][0])))).toBe("NOT_FOUND");
    expect(await outcomeOf(second.episodes.list({ clientId: practice.clients[0][0] }))).toBe("NOT_FOUND");
    expect(await countRows(database.db, "episodes")).toBe(before);
  });
});

describe("episodes.update", () => {
  it("changes an episode at its version and bumps the version", async () => {
    const created = await emily.episodes.create(typicalEpisode(practice.clients[0][0]));
    const updated = await emily.episodes.update({ ...typicalEpisode(created.clientId), id: created.id, version: 1, intensity: 8 });
    expect(updated).toMatchObject({ id: created.id, intensity: 8, band: "severe", version: 2 });
  });

  it("refuses to empty a detail of a consultant's episode, naming the field in a create's words, and changes nothing", async () => {
    const created = await emily.episodes.create(typicalEpisode(practice.clients[0][0]));
    const complete = { ...typicalEpisode(created.clientId), id: created.id, version: 1, intensity: 8 };
    const emptied: [Partial<EpisodeUpdateInput>, string][] = [
      [{ types: [] }, "types: Choose at least one feeling"],
      [{ context: null }, "context: Choose when it happened: nursing, pumping or spontaneous let-down"],
      [{ durationSeconds: null }, "durationSeconds: Duration must be a number of seconds"],
      [{ impact: null }, "impact: Choose the impact on feeding"],
      [{ ratedAfterEducation: null }, "ratedAfterEducation: Say whether this was rated after learning about DMER"],
    ];
    for (const [change, message] of emptied) {
      const call = () => emily.episodes.update({ ...complete, ...change });
      expect(await outcomeOf(call()), message).toBe("BAD_REQUEST");
      expect(await userMessageOf(call())).toBe(message);
    }
    const [stored] = (await emily.episodes.list({ clientId: created.clientId })).filter((episode) => episode.id === created.id);
    expect(stored).toEqual(created);
    // The same edit with every detail in place goes through.
    expect(await emily.episodes.update(complete)).toMatchObject({ intensity: 8, version: 2, source: "consultant" });
  });

  it("answers CONFLICT with the stored record when someone changed it meanwhile, and overwrites nothing", async () => {
    const created = await emily.episodes.create(typicalEpisode(practice.clients[0][0]));
    const lead = await signedInCaller(database.db, practice.lead.email, TEST_PASSWORD);
    await lead.episodes.update({ ...typicalEpisode(created.clientId), id: created.id, version: 1, intensity: 3 });
    const error = await emily.episodes
      .update({ ...typicalEpisode(created.clientId), id: created.id, version: 1, intensity: 9 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("CONFLICT");
    const stored = await emily.episodes.list({ clientId: created.clientId });
    expect(stored.find((episode) => episode.id === created.id)).toMatchObject({ intensity: 3, version: 2 });
  });
});

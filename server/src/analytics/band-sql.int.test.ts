import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WaveDatabase } from "@wave/db";
import { openTestDatabase } from "@wave/db/testing";
import { bandOfMean, bands, MAX_INTENSITY, MIN_INTENSITY } from "@wave/shared";
import { meanInBand, sumInBand } from "./band-sql.js";

let database: WaveDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

// Every mean a week of whole ratings can have, to two decimals, and every half-point edge.
const means = Array.from({ length: (MAX_INTENSITY - MIN_INTENSITY) * 100 + 1 }, (_, i) => (MIN_INTENSITY * 100 + i) / 100);

describe("the analytics SQL's severity bands", () => {
  it("put every mean from 1 to 10 in the band bandOfMean gives it, and in no other", async () => {
    const result = await sql<{ mean: string; mild: boolean; moderate: boolean; severe: boolean }>`
      select m::text as mean,
        ${meanInBand(sql.ref("m"), "mild")} as mild,
        ${meanInBand(sql.ref("m"), "moderate")} as moderate,
        ${meanInBand(sql.ref("m"), "severe")} as severe
      from unnest(${means.map(String)}::numeric[]) as m
    `.execute(database.db);
    expect(result.rows).toHaveLength(means.length);
    for (const row of result.rows) {
      const inSql = bands.filter((band) => row[band]);
      expect({ mean: row.mean, bands: inSql }).toEqual({ mean: row.mean, bands: [bandOfMean(Number(row.mean))] });
    }
  });

  it("put every sum and count of whole ratings (up to 80 of them) in the band bandOfMean gives their mean", async () => {
    const result = await sql<{ sum: number; count: number; mild: boolean; moderate: boolean; severe: boolean }>`
      select n as count, s as sum,
        ${sumInBand(sql.ref("s"), sql.ref("n"), "mild")} as mild,
        ${sumInBand(sql.ref("s"), sql.ref("n"), "moderate")} as moderate,
        ${sumInBand(sql.ref("s"), sql.ref("n"), "severe")} as severe
      from generate_series(1, 80) as n
      cross join lateral generate_series(n * ${sql.lit(MIN_INTENSITY)}, n * ${sql.lit(MAX_INTENSITY)}) as s
    `.execute(database.db);
    expect(result.rows).toHaveLength(Array.from({ length: 80 }, (_, i) => (i + 1) * (MAX_INTENSITY - MIN_INTENSITY) + 1).reduce((a, b) => a + b));
    for (const row of result.rows) {
      const inSql = bands.filter((band) => row[band]);
      expect({ sum: row.sum, count: row.count, bands: inSql }).toEqual({ sum: row.sum, count: row.count, bands: [bandOfMean(row.sum / row.count)] });
    }
  });
});

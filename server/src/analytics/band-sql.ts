import { sql, type RawBuilder } from "kysely";
import { BAND_RANGES, type Band } from "@wave/shared";

/**
 * SQL that is true when a mean of ratings falls in `band`, rounded to the
 * nearest whole rating as bandOfMean rounds it (Postgres rounds a numeric
 * half away from zero, as Math.round does for positive means). The
 * thresholds come from shared/src/severity.ts, the bands' one statement
 * (docs/decisions/0006-caseload-rules-in-typescript.md).
 */
export function meanInBand(mean: RawBuilder<unknown>, band: Band): RawBuilder<boolean> {
  const { min, max } = BAND_RANGES[band];
  return sql<boolean>`round(${mean}) between ${sql.lit(min)} and ${sql.lit(max)}`;
}

/**
 * The same test for the mean of `count` ratings summing to `sum`, in integer
 * arithmetic: for positive whole numbers, rounding sum / count half up is
 * (2 sum + count) / (2 count) in integer division. A week's per-client
 * aggregates hold sums and counts, and this spares a numeric division and
 * round per row.
 */
export function sumInBand(sum: RawBuilder<unknown>, count: RawBuilder<unknown>, band: Band): RawBuilder<boolean> {
  const { min, max } = BAND_RANGES[band];
  return sql<boolean>`(2 * ${sum} + ${count}) / (2 * ${count}) between ${sql.lit(min)} and ${sql.lit(max)}`;
}

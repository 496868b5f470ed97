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

import type { Band } from "./enums.js";

export const MIN_INTENSITY = 1;
export const MAX_INTENSITY = 10;

/**
 * Wave's rule (DOMAIN.md): mild 1-3, moderate 4-6, severe 7-10. The sources
 * overlap at 7; Wave puts 7 in severe. The one statement of the bands: the
 * analytics SQL is generated from it too (server/src/analytics/band-sql.ts).
 */
export const BAND_RANGES = {
  mild: { min: MIN_INTENSITY, max: 3 },
  moderate: { min: 4, max: 6 },
  severe: { min: 7, max: MAX_INTENSITY },
} as const satisfies Record<Band, { min: number; max: number }>;

/** The band of one whole rating. Always computed, never typed by hand. */
export function severityBand(intensity: number): Band {
  if (!Number.isFinite(intensity) || intensity < MIN_INTENSITY || intensity > MAX_INTENSITY) {
    throw new RangeError(`intensity must be between ${MIN_INTENSITY} and ${MAX_INTENSITY}, got ${intensity}`);
  }
  if (intensity < BAND_RANGES.moderate.min) return "mild";
  if (intensity < BAND_RANGES.severe.min) return "moderate";
  return "severe";
}

/**
 * A client's current band comes from the mean of their recent ratings,
 * rounded to the nearest whole rating so that 6.5 reads as severe, as a
 * clinician rounding the scale would. No recent episodes: no band.
 */
export function bandOfMean(meanIntensity: number | null): Band | null {
  if (meanIntensity === null) return null;
  return severityBand(Math.min(MAX_INTENSITY, Math.max(MIN_INTENSITY, Math.round(meanIntensity))));
}

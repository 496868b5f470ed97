import type { Trend } from "./enums.js";

/** Days in each of the two windows compared: the last 14 days against the 14 before. */
export const TREND_WINDOW_DAYS = 14;
/** Fewer episodes than this in either window and the means say too little. */
export const TREND_MIN_EPISODES = 3;
/** A change in mean intensity smaller than this is noise on a 1-10 self-rating. */
export const TREND_MIN_CHANGE = 1;

export interface WindowStats {
  count: number;
  mean: number | null;
}

/**
 * Compares the mean intensity of the recent window with the one before it.
 * A drop of at least one point is improving, a rise of one point worsening.
 */
export function classifyTrend(previous: WindowStats, recent: WindowStats): Trend {
  if (
    previous.count < TREND_MIN_EPISODES ||
    recent.count < TREND_MIN_EPISODES ||
    previous.mean === null ||
    recent.mean === null
  ) {
    return "insufficient_data";
  }
  const change = recent.mean - previous.mean;
  if (change <= -TREND_MIN_CHANGE) return "improving";
  if (change >= TREND_MIN_CHANGE) return "worsening";
  return "stable";
}

/** Days either side of an intervention's start that its before/after means cover. */
export const INTERVENTION_WINDOW_DAYS = 14;
/** Fewer episodes than this in a window: "not enough data". */
export const INTERVENTION_MIN_EPISODES = 3;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RatedEpisode {
  occurredAt: Date;
  intensity: number;
}

export interface WindowMean {
  count: number;
  mean: number | null;
  enough: boolean;
}

function meanOf(episodes: readonly RatedEpisode[]): WindowMean {
  const count = episodes.length;
  const mean = count === 0 ? null : episodes.reduce((sum, episode) => sum + episode.intensity, 0) / count;
  return { count, mean: mean === null ? null : Math.round(mean * 100) / 100, enough: count >= INTERVENTION_MIN_EPISODES };
}

/**
 * Mean intensity in the 14 days before an intervention started (start
 * excluded) and the 14 days from its start, with the episode counts behind
 * each: DOMAIN.md takes before/after from the episodes themselves.
 */
export function interventionWindows(
  episodes: readonly RatedEpisode[],
  startedAt: Date,
): { before: WindowMean; after: WindowMean } {
  const start = startedAt.getTime();
  const windowMs = INTERVENTION_WINDOW_DAYS * DAY_MS;
  const before = episodes.filter((episode) => {
    const at = episode.occurredAt.getTime();
    return at >= start - windowMs && at < start;
  });
  const after = episodes.filter((episode) => {
    const at = episode.occurredAt.getTime();
    return at >= start && at < start + windowMs;
  });
  return { before: meanOf(before), after: meanOf(after) };
}

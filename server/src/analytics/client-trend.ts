import type { ClientTrend } from "@wave/shared";

/** The chart never receives more than this many points; finer buckets give way to coarser ones. */
export const MAX_TREND_POINTS = 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
type Bucket = ClientTrend["bucket"];

export interface TrendEpisode {
  occurredAt: Date;
  intensity: number;
  selfHarm: boolean;
}

/** Monday 00:00 UTC of the week containing `date`. */
export function weekStartUtc(date: Date): Date {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY_MS);
}

function bucketStart(date: Date, bucket: Exclude<Bucket, "episode">): Date {
  if (bucket === "week") return weekStartUtc(date);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

function aggregate(episodes: readonly TrendEpisode[], bucket: Exclude<Bucket, "episode">): ClientTrend["points"] {
  const groups = new Map<number, TrendEpisode[]>();
  for (const episode of episodes) {
    const key = bucketStart(episode.occurredAt, bucket).getTime();
    const group = groups.get(key);
    if (group) group.push(episode);
    else groups.set(key, [episode]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([key, group]) => ({
      at: new Date(key).toISOString(),
      intensity: Math.round((group.reduce((sum, episode) => sum + episode.intensity, 0) / group.length) * 10) / 10,
      count: group.length,
      maxIntensity: Math.max(...group.map((episode) => episode.intensity)),
      selfHarm: group.some((episode) => episode.selfHarm),
    }));
}

/**
 * Points for the trend chart at the requested granularity, coarsened until
 * there are at most MAX_TREND_POINTS, plus the weekly means for the line.
 * Episodes must be in time order.
 */
export function buildTrendPoints(
  episodes: readonly TrendEpisode[],
  requested: Bucket,
): Pick<ClientTrend, "bucket" | "points" | "weekly"> {
  const weekly = aggregate(episodes, "week").map((point) => ({ weekStart: point.at, mean: point.intensity, count: point.count }));
  const order: Bucket[] = ["episode", "day", "week"];
  for (const bucket of order.slice(order.indexOf(requested))) {
    const points =
      bucket === "episode"
        ? episodes.map((episode) => ({
            at: episode.occurredAt.toISOString(),
            intensity: episode.intensity,
            count: 1,
            maxIntensity: episode.intensity,
            selfHarm: episode.selfHarm,
          }))
        : aggregate(episodes, bucket);
    if (points.length <= MAX_TREND_POINTS || bucket === "week") return { bucket, points, weekly };
  }
  throw new Error("unreachable: week buckets always return");
}

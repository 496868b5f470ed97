import tQuantile from "@stdlib/stats-base-dists-t-quantile";

export interface MeanWithInterval {
  n: number;
  mean: number;
  /** 95% confidence interval of the mean (Student's t); null below 2 values. */
  low: number | null;
  high: number | null;
}

/**
 * Mean and 95% confidence interval of a sample, with Student's t on n - 1
 * degrees of freedom: the small samples of one practice make the normal
 * approximation too narrow.
 */
export function meanWithInterval(values: readonly number[]): MeanWithInterval | null {
  const n = values.length;
  if (n === 0) return null;
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  if (n < 2) return { n, mean, low: null, high: null };
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1);
  const halfWidth = tQuantile(0.975, n - 1) * Math.sqrt(variance / n);
  return { n, mean, low: mean - halfWidth, high: mean + halfWidth };
}

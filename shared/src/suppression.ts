/**
 * Small-cell suppression: an aggregate that rests on fewer clients than the
 * threshold is reported as suppressed, never as a number, so a lead cannot
 * re-identify a client from the practice's aggregates.
 */
export const DEFAULT_SMALL_CELL_THRESHOLD = 5;

export type Cell = { suppressed: false; value: number } | { suppressed: true; value: null };

export function cell(value: number | null, clients: number, threshold: number): Cell {
  if (value === null || clients < threshold) return { suppressed: true, value: null };
  return { suppressed: false, value };
}

/** A count of clients is its own basis. */
export function countCell(clients: number, threshold: number): Cell {
  return cell(clients, clients, threshold);
}

import type { Cell } from "@wave/shared";

// How a suppressed or shown aggregate reads on screen, in charts and in CSV.
// A suppressed cell is never a number anywhere: not 0, not a blank that a
// spreadsheet would sum as 0.

export type CellFormat = "count" | "mean" | "change" | "share";

/** The words that stand in for a number resting on too few clients. */
export function suppressedText(threshold: number): string {
  return `fewer than ${threshold}`;
}

const countFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** A shown number, formatted the same way in tiles, tooltips and table views. */
export function formatNumber(value: number, format: CellFormat): string {
  switch (format) {
    case "count":
      return countFormat.format(value);
    case "mean":
      return value.toFixed(2);
    case "change":
      // An explicit sign: "-0.97" (ratings fell) reads differently from "+0.12".
      return value > 0 ? `+${value.toFixed(2)}` : value === 0 ? "0.00" : value.toFixed(2);
    case "share":
      return `${Math.round(value * 100)}%`;
  }
}

export function formatCell(cell: Cell, threshold: number, format: CellFormat = "count"): string {
  return cell.suppressed ? suppressedText(threshold) : formatNumber(cell.value, format);
}

/** A chart's y value: suppressed cells are gaps (null), never zero. */
export function chartValue(cell: Cell): number | null {
  return cell.suppressed ? null : cell.value;
}

/** A confidence interval in words, or the suppression text when any end is withheld. */
export function formatInterval(low: Cell, high: Cell, threshold: number): string {
  if (low.suppressed || high.suppressed) return suppressedText(threshold);
  return `${formatNumber(low.value, "change")} to ${formatNumber(high.value, "change")}`;
}

/** What a CSV cell holds: the number as the API gave it, or the suppression text. */
export function csvCell(cell: Cell, threshold: number): number | string {
  return cell.suppressed ? suppressedText(threshold) : cell.value;
}

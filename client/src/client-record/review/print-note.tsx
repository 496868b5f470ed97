/**
 * The print brief shows only the first rows of long lists (review.css,
 * `@media print`); this line, printed under the list, says how many more
 * there are. Keep `PRINT_ROWS` in step with the nth-child limits there.
 */
export function PrintNote({ shown, total, noun }: { shown: number; total: number; noun: string }) {
  if (total <= shown) return null;
  return (
    <p className="print-note">
      and {total - shown} more {noun}: the brief shows the first {shown}, in the order on screen; open Wave for the rest.
    </p>
  );
}

/** How many rows of each list the print brief keeps. */
export const PRINT_ROWS = { episodes: 6, interventions: 4, screenings: 3, timeline: 3 } as const;

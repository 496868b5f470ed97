import { Button } from "./button";
import styles from "./pagination.module.css";

export interface PaginationProps {
  /** Names the list being paged, for screen readers: "Caseload pages". */
  label: string;
  page: number;
  pageCount: number;
  onPage: (page: number) => void;
}

/** Previous / "Page n of m" / Next under a paged list. A page past the end (a stale link) reads as the last page. */
export function Pagination({ label, page, pageCount, onPage }: PaginationProps) {
  return (
    <nav className={styles.pagination} aria-label={label}>
      <Button onClick={() => onPage(page - 1)} disabled={page <= 1}>
        <span aria-hidden="true">←</span> Previous
      </Button>
      <p className={styles.position}>
        Page {Math.min(page, pageCount)} of {pageCount}
      </p>
      <Button onClick={() => onPage(page + 1)} disabled={page >= pageCount}>
        Next <span aria-hidden="true">→</span>
      </Button>
    </nav>
  );
}

import { useEffect, useRef } from "react";

/**
 * After a refused Save: how many answers need another look, and focus on the
 * first of them, so a screen reader hears what to fix. Nothing was kept yet.
 */
export function FormSummary({ count, attempt }: { count: number; attempt: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (attempt === 0) return;
    const form = ref.current?.closest("form");
    const first = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (first ?? ref.current)?.focus();
  }, [attempt]);
  if (count === 0) return null;
  return (
    <div ref={ref} className="sr-notice sr-notice--error" role="alert" tabIndex={-1}>
      {count === 1 ? "One answer needs" : `${count} answers need`} another look: see the message beside {count === 1 ? "it" : "each"}. Nothing has been
      saved yet.
    </div>
  );
}

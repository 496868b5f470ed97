import { useSyncExternalStore } from "react";

const PRINT_QUERY = "print";

function subscribe(onChange: () => void): () => void {
  const query = window.matchMedia(PRINT_QUERY);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

/**
 * True while the page is laid out for print. Browsers do not reliably resize
 * charts for the printed page, so the chart switches to a fixed print size
 * that the print stylesheet scales to the paper.
 */
export function usePrintMedia(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(PRINT_QUERY).matches,
    () => false,
  );
}

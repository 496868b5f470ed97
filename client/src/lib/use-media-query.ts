import { useCallback, useSyncExternalStore } from "react";

/** Phones (up to 640 px wide, 360-430 px typical): the caseload shows cards, not the wide table. */
export const PHONE_QUERY = "(max-width: 40rem)";

/**
 * Whether a media query matches, following changes (rotation, a resized
 * window). One layout is rendered at a time, so a card and a table row for
 * the same client are never both in the page.
 */
export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener("change", onChange);
      return () => list.removeEventListener("change", onChange);
    },
    [query],
  );
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(query).matches,
    () => false,
  );
}

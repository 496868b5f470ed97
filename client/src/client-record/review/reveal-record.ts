import { useEffect, useRef } from "react";

// The header's safety alerts link to the episode or screening that raised
// them. A row may be hidden behind "Show all", so a link first asks the
// lists to show it, then scrolls it into view and moves focus there.

const REVEAL_EVENT = "wave:reveal-record";
const WAIT_FRAMES = 30;

export type RecordKind = "episode" | "epds";

/** The id of a record's row on the review page: the fragment its links point at. */
export function recordAnchor(kind: RecordKind, id: string): string {
  return `${kind}-${id}`;
}

/** Shows the row with this anchor: lists that hold it reveal it, then it is scrolled to and focused. */
export function revealRecord(anchor: string): void {
  window.dispatchEvent(new CustomEvent<string>(REVEAL_EVENT, { detail: anchor }));
  // The address says where the reader is, without the browser's own jump (it would land under the header).
  window.history.replaceState(window.history.state, "", `#${anchor}`);
  scrollToRecord(anchor);
}

/** Scrolls to the row and focuses it once it is on the page (a list may still be rendering it). */
function scrollToRecord(anchor: string): void {
  let frames = 0;
  const scrollWhenShown = () => {
    const row = document.getElementById(anchor);
    if (row) {
      row.scrollIntoView({ block: "center" });
      row.focus({ preventScroll: true });
    } else if (frames++ < WAIT_FRAMES) {
      requestAnimationFrame(scrollWhenShown);
    }
  };
  requestAnimationFrame(scrollWhenShown);
}

/**
 * Calls `onReveal` when a link asks for a row, and once on arrival when the
 * address already names one (a link from another page).
 */
export function useRevealRequests(onReveal: (anchor: string) => void): void {
  const callback = useRef(onReveal);
  useEffect(() => {
    callback.current = onReveal;
  });
  useEffect(() => {
    const listener = (event: Event) => {
      if (event instanceof CustomEvent && typeof event.detail === "string") callback.current(event.detail);
    };
    window.addEventListener(REVEAL_EVENT, listener);
    const arrived = decodeURIComponent(window.location.hash.slice(1));
    if (arrived) {
      callback.current(arrived);
      scrollToRecord(arrived);
    }
    return () => window.removeEventListener(REVEAL_EVENT, listener);
  }, []);
}

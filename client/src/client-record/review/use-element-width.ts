import { useCallback, useState } from "react";

/**
 * The rendered width of an element, kept current with a ResizeObserver.
 * Returns a ref callback to attach and the width (null until measured).
 */
export function useElementWidth<T extends HTMLElement>(): [(element: T | null) => void, number | null] {
  const [width, setWidth] = useState<number | null>(null);
  const ref = useCallback((element: T | null) => {
    if (!element) return;
    setWidth(element.getBoundingClientRect().width);
    const observer = new ResizeObserver((entries) => {
      const entry = entries[0];
      if (entry) setWidth(Math.round(entry.contentRect.width));
    });
    observer.observe(element);
    // React 19 runs a ref callback's returned function when the element goes away.
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

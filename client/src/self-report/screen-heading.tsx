import { useEffect, useRef, type ReactNode } from "react";

/** Each screen's heading takes focus when it appears, so a screen reader starts there. */
export function ScreenHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} className="sr-heading" tabIndex={-1}>
      {children}
    </h1>
  );
}

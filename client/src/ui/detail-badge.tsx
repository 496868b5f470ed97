import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { createPortal } from "react-dom";
import type { BadgeTone } from "./badge";

export interface DetailBadgeProps {
  tone?: BadgeTone;
  /** Shown in a tooltip on hover and on keyboard focus; read by screen readers with the label. */
  detail: string;
  children: ReactNode;
}

const TOOLTIP_WIDTH = 288;
const GAP = 6;

/**
 * A badge whose detail (a flag's reason and date) opens on hover and when
 * the badge receives keyboard focus. The tooltip sits in a portal with fixed
 * positioning so a scrolling table cannot clip it; Escape dismisses it, and
 * the pointer can move onto it without it vanishing.
 */
export function DetailBadge({ tone = "neutral", detail, children }: DetailBadgeProps) {
  const ref = useRef<HTMLSpanElement>(null);
  const hideTimer = useRef<number | undefined>(undefined);
  const [position, setPosition] = useState<{ top: number; left: number; above: boolean } | null>(null);

  function show() {
    window.clearTimeout(hideTimer.current);
    const rect = ref.current?.getBoundingClientRect();
    if (!rect) return;
    const left = Math.max(8, Math.min(rect.left, window.innerWidth - TOOLTIP_WIDTH - 8));
    const above = rect.bottom + 120 > window.innerHeight;
    setPosition({ top: above ? rect.top - GAP : rect.bottom + GAP, left, above });
  }
  function hide() {
    window.clearTimeout(hideTimer.current);
    setPosition(null);
  }
  function hideSoon() {
    window.clearTimeout(hideTimer.current);
    hideTimer.current = window.setTimeout(() => setPosition(null), 150);
  }
  function onKeyDown(event: KeyboardEvent<HTMLSpanElement>) {
    if (event.key === "Escape" && position) {
      event.stopPropagation();
      hide();
    }
  }

  // A scroll moves the badge away from a fixed tooltip: close it rather than leave it stranded.
  useEffect(() => {
    if (!position) return;
    const close = () => setPosition(null);
    window.addEventListener("scroll", close, { capture: true, passive: true });
    window.addEventListener("resize", close);
    return () => {
      window.removeEventListener("scroll", close, { capture: true });
      window.removeEventListener("resize", close);
    };
  }, [position]);

  useEffect(() => () => window.clearTimeout(hideTimer.current), []);

  return (
    <>
      <span
        ref={ref}
        className={`badge badge--${tone} badge--detail`}
        tabIndex={0}
        onMouseEnter={show}
        onMouseLeave={hideSoon}
        onFocus={show}
        onBlur={hide}
        onKeyDown={onKeyDown}
      >
        {children}
        <span className="visually-hidden">: {detail}</span>
      </span>
      {position
        ? createPortal(
            // The same words are already in the badge for screen readers; this is their visible form.
            <div
              className={position.above ? "tooltip tooltip--above" : "tooltip"}
              style={{ top: position.top, left: position.left, maxWidth: TOOLTIP_WIDTH }}
              aria-hidden="true"
              onMouseEnter={show}
              onMouseLeave={hideSoon}
            >
              {detail}
            </div>,
            document.body,
          )
        : null}
    </>
  );
}

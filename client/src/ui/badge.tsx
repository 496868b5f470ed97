import type { ReactNode } from "react";

export type BadgeTone = "neutral" | "info" | "good" | "warning" | "danger" | "urgent";

export interface BadgeProps {
  tone?: BadgeTone;
  /** Extra context for hover and for screen readers (read after the label). */
  detail?: string | undefined;
  children: ReactNode;
}

/** A short status label. Colour only reinforces the text; it never carries meaning alone. */
export function Badge({ tone = "neutral", detail, children }: BadgeProps) {
  return (
    <span className={`badge badge--${tone}`} title={detail}>
      {children}
      {detail ? <span className="visually-hidden">: {detail}</span> : null}
    </span>
  );
}

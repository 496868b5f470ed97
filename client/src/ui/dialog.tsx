import { useId, useLayoutEffect, useRef, type ReactNode } from "react";
import styles from "./dialog.module.css";

export interface DialogProps {
  title: string;
  /** A line under the title, e.g. whose record this is. */
  subtitle?: string | undefined;
  /** Called when the user closes the dialog: the Close button, Escape, or the form finishing. */
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}

const FOCUSABLE = 'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), [href], [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog on the native <dialog>: the page behind is inert, Escape
 * closes it, focus moves to the element marked `data-autofocus` (else the
 * first control in the body) and returns to whatever opened it on close.
 * Render it only while open; unmounting closes it.
 */
export function Dialog({ title, subtitle, onClose, children, wide = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  /** Set while this component closes the element itself (unmounting), so that close is not reported back. */
  const closingRef = useRef(false);
  useLayoutEffect(() => {
    onCloseRef.current = onClose;
  });

  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closingRef.current = false;
    if (!dialog.open) dialog.showModal();
    const body = bodyRef.current;
    const target = body?.querySelector<HTMLElement>("[data-autofocus]") ?? body?.querySelector<HTMLElement>(FOCUSABLE);
    target?.focus();
    return () => {
      closingRef.current = true;
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={wide ? `${styles.dialog} ${styles.wide}` : styles.dialog}
      aria-labelledby={titleId}
      // Escape (the native cancel) closes; so does anything else that closes the element. The close
      // event arrives a task later: ignore it when we closed it ourselves or it has been reopened.
      onClose={() => {
        if (!closingRef.current && !ref.current?.open) onCloseRef.current();
      }}
    >
      <div className={styles.header}>
        <div>
          <h2 id={titleId} className={styles.title}>
            {title}
          </h2>
          {subtitle ? <p className={styles.subtitle}>{subtitle}</p> : null}
        </div>
        <button type="button" className={styles.close} onClick={onClose}>
          <span aria-hidden="true">×</span>
          <span className="visually-hidden">Close</span>
        </button>
      </div>
      <div ref={bodyRef} className={styles.body}>
        {children}
      </div>
    </dialog>
  );
}

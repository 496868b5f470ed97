import type { KeyboardEvent, ReactNode } from "react";
import { Button } from "../button";

/** The form-level message: what failed that is not about one field, or a pointer to the fields. */
export function FormAlert({ message, fieldCount }: { message: string | null; fieldCount: number }) {
  if (!message && fieldCount === 0) return null;
  return (
    <div className="notice notice--error form-alert" role="alert" tabIndex={-1} data-form-alert>
      {message ? <p>{message}</p> : null}
      {fieldCount > 0 ? (
        <p>
          {fieldCount === 1 ? "One answer needs" : `${fieldCount} answers need`} another look: see the message beside{" "}
          {fieldCount === 1 ? "it" : "each"}. Nothing has been saved yet.
        </p>
      ) : null}
    </div>
  );
}

export function FormActions({
  submitLabel,
  busyLabel,
  busy,
  onCancel,
  cancelLabel = "Cancel",
  extra,
}: {
  submitLabel: string;
  busyLabel: string;
  busy: boolean;
  onCancel: () => void;
  cancelLabel?: string;
  extra?: ReactNode;
}) {
  return (
    <div className="form-actions">
      {extra}
      <Button onClick={onCancel}>{cancelLabel}</Button>
      <Button type="submit" variant="primary" busy={busy}>
        {busy ? busyLabel : submitLabel}
      </Button>
    </div>
  );
}

/**
 * Enter submits from anywhere but a select or a button: on a radio or
 * checkbox too, where browsers differ about implicit submission. In a text
 * area Enter starts a new line and Ctrl+Enter (Cmd+Enter) submits.
 */
export function submitOnEnter(event: KeyboardEvent<HTMLFormElement>): void {
  if (event.key !== "Enter" || event.altKey) return;
  const target = event.target;
  if (target instanceof HTMLTextAreaElement) {
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      event.currentTarget.requestSubmit();
    }
    return;
  }
  if (event.shiftKey || event.ctrlKey || event.metaKey) return;
  if (target instanceof HTMLInputElement && (target.type === "radio" || target.type === "checkbox")) {
    event.preventDefault();
    event.currentTarget.requestSubmit();
  }
}

/** The one-line confirmation a form hands back to the panel after a save. */
export interface SavedNotice {
  message: string;
  urgent?: boolean;
}

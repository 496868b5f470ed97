import { useState, type ReactNode } from "react";
import { Button } from "../../ui/button";
import { Dialog } from "../../ui/dialog";
import type { SavedNotice } from "../../ui/form/form-parts";
import "./recording.css";

/** What the dialog's form calls when it is done; an urgent notice (an alert raised by the edit) is shown too. */
export interface EditFormDone {
  onSaved: (notice?: SavedNotice) => void;
  onCancel: () => void;
}

/**
 * The Edit button beside a record on the review page. It opens the record's
 * form in a dialog and confirms a save beside itself; the form reads the
 * record (and its version) as the page shows it when opened.
 */
export function EditRecordButton({
  record,
  title,
  subtitle,
  savedMessage,
  wide = false,
  children,
}: {
  /** Which record, for screen readers: "Edit" alone is ambiguous in a table of them. */
  record: string;
  title: string;
  subtitle: string;
  savedMessage: string;
  wide?: boolean;
  children: (done: EditFormDone) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<{ message: string; urgent: boolean } | null>(null);
  const close = () => setOpen(false);
  return (
    <span className="edit-record">
      <Button
        variant="quiet"
        className="edit-record__button"
        aria-haspopup="dialog"
        onClick={() => {
          setSaved(null);
          setOpen(true);
        }}
      >
        Edit<span className="visually-hidden"> {record}</span>
      </Button>
      <span className={saved?.urgent ? "edit-record__saved edit-record__saved--urgent" : "edit-record__saved"} role="status">
        {saved?.message}
      </span>
      {open ? (
        <Dialog title={title} subtitle={subtitle} onClose={close} wide={wide}>
          {children({
            onSaved: (notice) => {
              setSaved(
                notice?.urgent
                  ? { message: `${savedMessage}: urgent self-harm flag raised, same-day follow-up required`, urgent: true }
                  : { message: savedMessage, urgent: false },
              );
              close();
            },
            onCancel: close,
          })}
        </Dialog>
      ) : null}
    </span>
  );
}

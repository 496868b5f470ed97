import { useState } from "react";
import { Link } from "react-router-dom";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { ClientForm, type ClientRecord } from "../app/lent-components";
import type { Consultant } from "./caseload-filters";

/**
 * "New client": a consultant's new clients are their own; a lead chooses
 * the consultant. The confirmation links straight to the new record.
 */
export function NewClientAction({ consultants }: { consultants: readonly Consultant[] | null }) {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<ClientRecord | null>(null);
  return (
    <div className="new-client">
      <Button
        variant="primary"
        aria-haspopup="dialog"
        onClick={() => {
          setCreated(null);
          setOpen(true);
        }}
      >
        New client
      </Button>
      <div className="new-client__status" role="status">
        {created ? (
          <p className="recording-status">
            {created.displayName} added to {consultants ? `${created.consultantName}'s` : "your"} caseload.{" "}
            <Link to={`/clients/${created.clientId}`}>Open {created.displayName}</Link>
          </p>
        ) : null}
      </div>
      {open ? (
        <Dialog title="New client" onClose={() => setOpen(false)}>
          <ClientForm
            consultants={consultants ?? undefined}
            onSaved={(record) => {
              setCreated(record);
              setOpen(false);
            }}
            onCancel={() => setOpen(false)}
          />
        </Dialog>
      ) : null}
    </div>
  );
}

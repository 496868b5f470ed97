import { useState } from "react";
import type { RouterOutputs } from "../../app/trpc";
import { Button } from "../../ui/button";
import { Dialog } from "../../ui/dialog";
import { ClientForm } from "./client-form";
import { EpdsForm } from "./epds-form";
import { EpisodeForm } from "./episode-form";
import { CompleteFollowUpForm, ScheduleFollowUpForm } from "./follow-up-forms";
import type { SavedNotice } from "../../ui/form/form-parts";
import { InterventionForm } from "./intervention-form";
import { NoteForm } from "./note-form";
import { OutcomeForm } from "./outcome-form";
import "./recording.css";

export type ClientRecord = RouterOutputs["clients"]["byId"];

type FormKind = "episode" | "intervention" | "outcome" | "epds" | "schedule" | "complete" | "note" | "client";

const ACTIONS: { kind: FormKind; label: string; title: string }[] = [
  { kind: "episode", label: "Record episode", title: "Record an episode" },
  { kind: "intervention", label: "Record intervention", title: "Record an intervention" },
  { kind: "outcome", label: "Record outcome", title: "Record an outcome" },
  { kind: "epds", label: "EPDS screening", title: "EPDS screening" },
  { kind: "schedule", label: "Schedule follow-up", title: "Schedule the next follow-up" },
  { kind: "complete", label: "Complete follow-up", title: "Complete a follow-up" },
  { kind: "note", label: "Add note", title: "Add a note" },
  { kind: "client", label: "Edit client", title: "Edit client details" },
];

/**
 * The client page's recording actions. Each button opens one form in a modal
 * dialog (one at a time); a save closes it, refreshes what it changed and
 * confirms here.
 */
export function RecordingPanel({ client }: { client: ClientRecord }) {
  const [open, setOpen] = useState<FormKind | null>(null);
  const [notice, setNotice] = useState<SavedNotice | null>(null);
  const urgent = client.summary.flags.includes("self_harm");
  const alerts = client.summary.flagDetails.find((detail) => detail.flag === "self_harm")?.alerts ?? [];
  const close = () => setOpen(null);
  const savedAndClose = (saved: SavedNotice) => {
    setNotice(saved);
    setOpen(null);
  };
  const start = (kind: FormKind) => {
    setNotice(null);
    setOpen(kind);
  };
  const common = { clientId: client.clientId, clientName: client.displayName };

  function form(kind: FormKind) {
    switch (kind) {
      case "episode":
        return <EpisodeForm {...common} onSaved={savedAndClose} onCancel={close} />;
      case "intervention":
        return <InterventionForm clientId={client.clientId} onSaved={savedAndClose} onCancel={close} />;
      case "outcome":
        return (
          <OutcomeForm clientId={client.clientId} onSaved={savedAndClose} onCancel={close} onRecordIntervention={() => setOpen("intervention")} />
        );
      case "epds":
        // The result stays on screen after saving: the score and any urgent flag must be seen.
        return <EpdsForm {...common} onSaved={setNotice} onDone={close} onCompleteFollowUp={() => setOpen("complete")} />;
      case "schedule":
        return (
          <ScheduleFollowUpForm
            clientId={client.clientId}
            nextFollowUpAt={client.nextFollowUpAt}
            urgent={urgent}
            onSaved={savedAndClose}
            onCancel={close}
          />
        );
      case "complete":
        return <CompleteFollowUpForm {...common} alerts={alerts} onSaved={savedAndClose} onCancel={close} />;
      case "note":
        return <NoteForm clientId={client.clientId} onSaved={savedAndClose} onCancel={close} />;
      case "client":
        return (
          <ClientForm
            client={client}
            onSaved={(record) => savedAndClose({ message: `Details saved for ${record.displayName}.` })}
            onCancel={close}
          />
        );
    }
  }

  const action = ACTIONS.find((candidate) => candidate.kind === open);
  return (
    <section className="panel recording-panel" aria-labelledby="recording-heading" data-testid="recording-panel">
      <h2 id="recording-heading">Record</h2>
      {urgent ? (
        <p className="recording-panel__urgent">
          <strong>Urgent:</strong> thoughts of self-harm reported. Same-day follow-up is required; Complete follow-up
          resolves the alert once you have reached the client.
        </p>
      ) : null}
      <div className="recording-panel__actions">
        {ACTIONS.map(({ kind, label }) => (
          <Button
            key={kind}
            variant={kind === "episode" || (kind === "complete" && urgent) ? "primary" : "secondary"}
            className={kind === "complete" && urgent ? "button--urgent" : undefined}
            onClick={() => start(kind)}
            aria-haspopup="dialog"
          >
            {label}
          </Button>
        ))}
      </div>
      <div className={notice?.urgent ? "recording-status recording-status--urgent" : "recording-status"} role="status">
        {notice ? <p>{notice.message}</p> : null}
      </div>
      {open && action ? (
        <Dialog key={open} title={action.title} subtitle={client.displayName} onClose={close} wide={open === "episode" || open === "epds"}>
          {form(open)}
        </Dialog>
      ) : null}
    </section>
  );
}

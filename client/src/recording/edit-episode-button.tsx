import { useState } from "react";
import type { RouterOutputs } from "../app/trpc";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { formatDateTimeLocal } from "./dates";
import { EpisodeForm } from "./episode-form";
import "./recording.css";

export type EpisodeRecord = RouterOutputs["episodes"]["list"][number];

/** Opens the episode's edit form; a version conflict is shown, never overwritten silently. */
export function EditEpisodeButton({ episode }: { episode: EpisodeRecord }) {
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const when = formatDateTimeLocal(episode.occurredAt);
  return (
    <span className="edit-episode">
      <Button
        variant="quiet"
        className="edit-episode__button"
        aria-haspopup="dialog"
        onClick={() => {
          setSaved(null);
          setOpen(true);
        }}
      >
        Edit<span className="visually-hidden"> episode of {when}</span>
      </Button>
      <span className="edit-episode__saved" role="status">
        {saved}
      </span>
      {open ? (
        // The form reads the episode (and its version) as the table shows it when opened.
        <Dialog title="Edit episode" subtitle={`Recorded ${when}`} onClose={() => setOpen(false)} wide>
          <EpisodeForm
            clientId={episode.clientId}
            clientName="This client"
            episode={episode}
            onSaved={() => {
              setSaved("Episode updated");
              setOpen(false);
            }}
            onCancel={() => setOpen(false)}
          />
        </Dialog>
      ) : null}
    </span>
  );
}

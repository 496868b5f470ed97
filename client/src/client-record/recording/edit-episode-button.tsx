import type { RouterOutputs } from "../../app/trpc";
import { formatDateTime } from "../../lib/dates";
import { EditRecordButton } from "./edit-record-button";
import { EpisodeForm } from "./episode-form";

export type EpisodeRecord = RouterOutputs["episodes"]["list"][number];

/** Opens the episode's edit form; a version conflict is shown, never overwritten silently. */
export function EditEpisodeButton({ episode }: { episode: EpisodeRecord }) {
  const when = formatDateTime(episode.occurredAt);
  return (
    <EditRecordButton
      record={`episode of ${when}`}
      title="Edit episode"
      subtitle={episode.source === "client" ? `Self-report by the client, ${when}` : `Recorded ${when}`}
      savedMessage="Episode updated"
      wide
    >
      {(done) => <EpisodeForm clientId={episode.clientId} clientName="This client" episode={episode} {...done} />}
    </EditRecordButton>
  );
}

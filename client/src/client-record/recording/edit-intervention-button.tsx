import type { RouterOutputs } from "../../app/trpc";
import { formatDate } from "../../lib/dates";
import { EditRecordButton } from "./edit-record-button";
import { InterventionForm } from "./intervention-form";
import { INTERVENTION_KIND_LABELS } from "./labels";

export type InterventionRecord = RouterOutputs["interventions"]["list"][number];

/** Opens the intervention's edit form; a version conflict is shown, never overwritten silently. */
export function EditInterventionButton({ intervention }: { intervention: InterventionRecord }) {
  const what = `${INTERVENTION_KIND_LABELS[intervention.kind]}, started ${formatDate(intervention.startedAt)}`;
  return (
    <EditRecordButton record={`intervention: ${what}`} title="Edit intervention" subtitle={what} savedMessage="Intervention updated">
      {(done) => <InterventionForm clientId={intervention.clientId} intervention={intervention} {...done} />}
    </EditRecordButton>
  );
}

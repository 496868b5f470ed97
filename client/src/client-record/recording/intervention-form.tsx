import { useMutation } from "@tanstack/react-query";
import {
  Intervention as InterventionSchema,
  InterventionCreateInput,
  InterventionUpdateInput,
  type Intervention,
  type InterventionCreate,
  type InterventionKind,
  type InterventionUpdate,
} from "@wave/shared";
import { useTRPC } from "../../app/trpc";
import { Field } from "../../ui/field";
import { checkWith, type Wire } from "../../ui/form/check";
import { FormActions, FormAlert, submitOnEnter } from "../../ui/form/form-parts";
import { useRecordForm } from "../../ui/form/use-record-form";
import { SelectField } from "../../ui/select-field";
import { TextAreaField } from "../../ui/text-area-field";
import { ConflictNotice, type DescribedVersion } from "./conflict-notice";
import { formatDate } from "../../lib/dates";
import { localDateToIso, toLocalDateInput } from "../../ui/form/date-inputs";
import type { SavedNotice } from "../../ui/form/form-parts";
import { useInvalidate } from "./form-parts";
import { INTERVENTION_KIND_LABELS, INTERVENTION_KIND_OPTIONS } from "./labels";
import { useVersionConflict } from "./use-version-conflict";

/** The form's values; the dates are days, as the date inputs hold them. */
interface InterventionDraft {
  kind: InterventionKind | "";
  startedAt: string;
  endedAt: string;
  details: string;
}

function draftOf(intervention: Intervention): InterventionDraft {
  return {
    kind: intervention.kind,
    startedAt: toLocalDateInput(new Date(intervention.startedAt)),
    endedAt: intervention.endedAt ? toLocalDateInput(new Date(intervention.endedAt)) : "",
    details: intervention.details ?? "",
  };
}

/** A date input's day as an instant; an untouched day keeps the stored instant, which the input cannot show. */
function dayToIso(day: string, storedIso: string | null | undefined, now: Date): string {
  if (storedIso && day === toLocalDateInput(new Date(storedIso))) return storedIso;
  return localDateToIso(day, now);
}

/** An intervention in the form's words, for the comparison of two versions. */
function describe(values: { kind: InterventionKind | undefined; startedAt: string; endedAt: string | null | undefined; details: string | null | undefined }): DescribedVersion {
  const none = "—";
  return [
    ["What was tried", values.kind ? INTERVENTION_KIND_LABELS[values.kind] : none],
    ["Start date", values.startedAt ? formatDate(values.startedAt) : none],
    ["End date", values.endedAt ? formatDate(values.endedAt) : "None (ongoing)"],
    ["Details", values.details?.trim() ? values.details.trim() : none],
  ];
}

export interface InterventionFormProps {
  clientId: string;
  /** Editing this stored intervention (with its version); absent when recording a new one. */
  intervention?: Intervention | undefined;
  onSaved: (notice: SavedNotice) => void;
  onCancel: () => void;
}

/** Record an intervention, or edit a stored one without ever overwriting someone else's change silently. */
export function InterventionForm({ clientId, intervention, onSaved, onCancel }: InterventionFormProps) {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const editing = intervention !== undefined;
  const versions = useVersionConflict(InterventionSchema, intervention);
  const { stored, conflict } = versions;
  const create = useMutation(trpc.interventions.create.mutationOptions());
  const update = useMutation(trpc.interventions.update.mutationOptions());
  const now = new Date();

  const fieldsOf = (draft: InterventionDraft) => ({
    kind: draft.kind === "" ? undefined : draft.kind,
    startedAt: dayToIso(draft.startedAt, stored?.startedAt, now),
    endedAt: draft.endedAt.trim() === "" ? undefined : dayToIso(draft.endedAt, stored?.endedAt, now),
    details: draft.details,
  });

  function saved(record: Intervention, verb: string) {
    void invalidate(["interventions", "clients", "analytics"]);
    onSaved({ message: `Intervention ${verb}: ${INTERVENTION_KIND_LABELS[record.kind]}, from ${formatDate(record.startedAt)}.` });
  }

  const blank: InterventionDraft = { kind: "", startedAt: toLocalDateInput(new Date()), endedAt: "", details: "" };
  // The id is made once per opened form and reused by every retry: the server's create is idempotent by id.
  const interventionForm = useRecordForm<InterventionDraft, Wire<InterventionCreate> | Wire<InterventionUpdate>>({
    defaultValues: intervention ? draftOf(intervention) : blank,
    recordId: intervention?.id,
    version: stored?.version,
    paused: conflict !== null,
    check: (draft, { id, version }) =>
      version === null
        ? checkWith(InterventionCreateInput, { ...fieldsOf(draft), id, clientId })
        : checkWith(InterventionUpdateInput, { ...fieldsOf(draft), id, clientId, version }),
    save: async (input) => {
      if ("version" in input) saved(await update.mutateAsync(input), "updated");
      else saved(await create.mutateAsync(input), "recorded");
    },
    // The page behind the form refreshes too, so the next edit starts from what is stored now.
    onSaveError: (error) => versions.catchConflict(error, () => void invalidate(["interventions", "clients", "analytics"])),
  });
  const draft = interventionForm.values;
  const chosen = INTERVENTION_KIND_OPTIONS.find((option) => option.value === draft.kind);
  return (
    <form ref={interventionForm.formRef} className="recording-form" onSubmit={interventionForm.submit} onKeyDown={submitOnEnter} noValidate>
      {conflict ? (
        <ConflictNotice
          entity="intervention"
          yours={describe(fieldsOf(draft))}
          saved={describe(conflict)}
          busy={interventionForm.busy}
          onUseTheirs={() => versions.takeTheirs((theirs) => interventionForm.load(draftOf(theirs)))}
          onOverwrite={() => versions.overwrite((version) => interventionForm.submit(undefined, { version }))}
        />
      ) : null}
      <FormAlert message={interventionForm.formError} fieldCount={interventionForm.invalidCount} />
      <SelectField
        label="What was tried"
        placeholder="Choose…"
        options={INTERVENTION_KIND_OPTIONS}
        value={draft.kind}
        onChange={(event) => {
          interventionForm.set("kind", event.target.value as InterventionKind | "");
          interventionForm.clear("details");
        }}
        onBlur={() => interventionForm.blur("kind")}
        hint={chosen ? chosen.examples : "Education comes first for every band."}
        errors={interventionForm.errorsFor("kind")}
        data-autofocus
      />
      <div className="recording-form__row">
        <Field label="Start date" type="date" max={toLocalDateInput(now)} {...interventionForm.text("startedAt")} />
        <Field label="End date (optional)" type="date" min={draft.startedAt || undefined} {...interventionForm.text("endedAt")} />
      </div>
      <TextAreaField
        label={draft.kind === "other" ? "Details (required for Other)" : "Details (optional)"}
        hint={draft.kind === "other" ? "Describe what was tried." : undefined}
        maxLength={5000}
        {...interventionForm.text("details")}
      />
      <FormActions
        submitLabel={editing ? "Save changes" : "Save intervention"}
        busyLabel="Saving…"
        busy={interventionForm.busy}
        onCancel={onCancel}
      />
    </form>
  );
}

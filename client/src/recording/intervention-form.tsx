import { useMutation } from "@tanstack/react-query";
import {
  Intervention as InterventionSchema,
  InterventionCreateInput,
  InterventionUpdateInput,
  type Intervention,
  type InterventionKind,
} from "@wave/shared";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../app/trpc";
import { Field } from "../ui/field";
import { SelectField } from "../ui/select-field";
import { TextAreaField } from "../ui/text-area-field";
import { ConflictNotice, type DescribedVersion } from "./conflict-notice";
import { formatDateOnly, localDateToIso, toLocalDateInput } from "./dates";
import { useFormErrors } from "./form-errors";
import { FormActions, FormAlert, submitOnEnter, useInvalidate, useSubmitGuard, type SavedNotice } from "./form-parts";
import { newRecordId } from "./ids";
import { INTERVENTION_KIND_LABELS, INTERVENTION_KIND_OPTIONS } from "./labels";
import { useVersionConflict } from "./use-version-conflict";

const FIELDS = ["kind", "startedAt", "endedAt", "details"] as const;
const PLAIN_WORDS: Record<string, string> = {
  kind: "Choose what was tried",
  startedAt: "Enter the start date",
  endedAt: "Enter the end date, or leave it empty",
  details: "Check the details",
};

interface InterventionDraft {
  kind: InterventionKind | "";
  startedOn: string;
  endedOn: string;
  details: string;
}

function draftOf(intervention: Intervention): InterventionDraft {
  return {
    kind: intervention.kind,
    startedOn: toLocalDateInput(new Date(intervention.startedAt)),
    endedOn: intervention.endedAt ? toLocalDateInput(new Date(intervention.endedAt)) : "",
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
    ["Start date", values.startedAt ? formatDateOnly(values.startedAt) : none],
    ["End date", values.endedAt ? formatDateOnly(values.endedAt) : "None (ongoing)"],
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
  const guard = useSubmitGuard();
  const editing = intervention !== undefined;
  // Generated once per opened form and reused by every retry: the server's create is idempotent by id.
  const [id] = useState(() => intervention?.id ?? newRecordId());
  const [draft, setDraft] = useState<InterventionDraft>(() =>
    intervention ? draftOf(intervention) : { kind: "", startedOn: toLocalDateInput(new Date()), endedOn: "", details: "" },
  );
  const versions = useVersionConflict(InterventionSchema, intervention);
  const { stored, conflict } = versions;
  const errors = useFormErrors({ fields: FIELDS, plainWords: PLAIN_WORDS });
  const create = useMutation(trpc.interventions.create.mutationOptions());
  const update = useMutation(trpc.interventions.update.mutationOptions());
  const busy = create.isPending || update.isPending;

  function change<K extends keyof InterventionDraft>(key: K, value: InterventionDraft[K], ...alsoClear: string[]) {
    setDraft((current) => ({ ...current, [key]: value }));
    for (const field of alsoClear) errors.clearField(field);
  }

  const now = new Date();
  const fields = {
    kind: draft.kind === "" ? undefined : draft.kind,
    startedAt: dayToIso(draft.startedOn, stored?.startedAt, now),
    endedAt: draft.endedOn.trim() === "" ? undefined : dayToIso(draft.endedOn, stored?.endedAt, now),
    details: draft.details,
  };

  function saved(record: Intervention, verb: string) {
    void invalidate(["interventions", "clients", "analytics"]);
    onSaved({ message: `Intervention ${verb}: ${INTERVENTION_KIND_LABELS[record.kind]}, from ${formatDateOnly(record.startedAt)}.` });
  }

  function save(version: number | null) {
    if (version === null) {
      const input = errors.validate(InterventionCreateInput, { ...fields, id, clientId });
      if (!input || !guard.claim()) return;
      create.mutate(input, { onSuccess: (record) => saved(record, "recorded"), onError: errors.showServerError, onSettled: guard.release });
      return;
    }
    const input = errors.validate(InterventionUpdateInput, { ...fields, id, clientId, version });
    if (!input || !guard.claim()) return;
    update.mutate(input, {
      onSuccess: (record) => saved(record, "updated"),
      onError: (error) => {
        // The page behind the form refreshes too, so the next edit starts from what is stored now.
        if (versions.catchConflict(error)) void invalidate(["interventions", "clients", "analytics"]);
        else errors.showServerError(error);
      },
      onSettled: guard.release,
    });
  }

  function loadTheirs(theirs: Parameters<typeof draftOf>[0]) {
    setDraft(draftOf(theirs));
    errors.reset();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (conflict) return;
    save(stored ? stored.version : null);
  }

  const chosen = INTERVENTION_KIND_OPTIONS.find((option) => option.value === draft.kind);
  return (
    <form ref={errors.formRef} className="recording-form" onSubmit={submit} onKeyDown={submitOnEnter} noValidate>
      {conflict ? (
        <ConflictNotice
          entity="intervention"
          yours={describe(fields)}
          saved={describe(conflict)}
          busy={busy}
          onUseTheirs={() => versions.takeTheirs(loadTheirs)}
          onOverwrite={() => versions.overwrite(save)}
        />
      ) : null}
      <FormAlert message={errors.formError} fieldCount={Object.keys(errors.fieldErrors).length} />
      <SelectField
        label="What was tried"
        placeholder="Choose…"
        options={INTERVENTION_KIND_OPTIONS}
        value={draft.kind}
        onChange={(event) => change("kind", event.target.value as InterventionKind | "", "kind", "details")}
        hint={chosen ? chosen.examples : "Education comes first for every band."}
        errors={errors.errorsFor("kind")}
        data-autofocus
      />
      <div className="recording-form__row">
        <Field
          label="Start date"
          type="date"
          value={draft.startedOn}
          max={toLocalDateInput(now)}
          onChange={(event) => change("startedOn", event.target.value, "startedAt")}
          errors={errors.errorsFor("startedAt")}
        />
        <Field
          label="End date (optional)"
          type="date"
          value={draft.endedOn}
          min={draft.startedOn || undefined}
          onChange={(event) => change("endedOn", event.target.value, "endedAt")}
          errors={errors.errorsFor("endedAt")}
        />
      </div>
      <TextAreaField
        label={draft.kind === "other" ? "Details (required for Other)" : "Details (optional)"}
        hint={draft.kind === "other" ? "Describe what was tried." : undefined}
        value={draft.details}
        maxLength={5000}
        onChange={(event) => change("details", event.target.value, "details")}
        errors={errors.errorsFor("details")}
      />
      <FormActions
        submitLabel={editing ? "Save changes" : "Save intervention"}
        busyLabel="Saving…"
        busy={busy}
        onCancel={onCancel}
      />
    </form>
  );
}

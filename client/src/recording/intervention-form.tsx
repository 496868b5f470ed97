import { useMutation } from "@tanstack/react-query";
import { InterventionCreateInput, type InterventionKind } from "@wave/shared";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../app/trpc";
import { Field } from "../ui/field";
import { SelectField } from "../ui/select-field";
import { TextAreaField } from "../ui/text-area-field";
import { formatDateOnly, localDateToIso, toLocalDateInput } from "./dates";
import { useFormErrors } from "./form-errors";
import { FormActions, FormAlert, submitOnEnter, useInvalidate, useSubmitGuard, type SavedNotice } from "./form-parts";
import { newRecordId } from "./ids";
import { INTERVENTION_KIND_LABELS, INTERVENTION_KIND_OPTIONS } from "./labels";

const FIELDS = ["kind", "startedAt", "endedAt", "details"] as const;
const PLAIN_WORDS: Record<string, string> = {
  kind: "Choose what was tried",
  startedAt: "Enter the start date",
  endedAt: "Enter the end date, or leave it empty",
  details: "Check the details",
};

export function InterventionForm({
  clientId,
  onSaved,
  onCancel,
}: {
  clientId: string;
  onSaved: (notice: SavedNotice) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const guard = useSubmitGuard();
  const [id] = useState(newRecordId);
  const [kind, setKind] = useState<InterventionKind | "">("");
  const [startedOn, setStartedOn] = useState(() => toLocalDateInput(new Date()));
  const [endedOn, setEndedOn] = useState("");
  const [details, setDetails] = useState("");
  const errors = useFormErrors({ fields: FIELDS, plainWords: PLAIN_WORDS });
  const create = useMutation(trpc.interventions.create.mutationOptions());

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const now = new Date();
    const input = errors.validate(InterventionCreateInput, {
      id,
      clientId,
      kind: kind === "" ? undefined : kind,
      startedAt: localDateToIso(startedOn, now),
      endedAt: endedOn.trim() === "" ? undefined : localDateToIso(endedOn, now),
      details,
    });
    if (!input || !guard.claim()) return;
    create.mutate(input, {
      onSuccess: (saved) => {
        void invalidate(["interventions", "clients", "analytics"]);
        onSaved({ message: `Intervention recorded: ${INTERVENTION_KIND_LABELS[saved.kind]}, from ${formatDateOnly(saved.startedAt)}.` });
      },
      onError: errors.showServerError,
      onSettled: guard.release,
    });
  }

  const chosen = INTERVENTION_KIND_OPTIONS.find((option) => option.value === kind);
  return (
    <form ref={errors.formRef} className="recording-form" onSubmit={submit} onKeyDown={submitOnEnter} noValidate>
      <FormAlert message={errors.formError} fieldCount={Object.keys(errors.fieldErrors).length} />
      <SelectField
        label="What was tried"
        placeholder="Choose…"
        options={INTERVENTION_KIND_OPTIONS}
        value={kind}
        onChange={(event) => {
          setKind(event.target.value as InterventionKind | "");
          errors.clearField("kind");
          errors.clearField("details");
        }}
        hint={chosen ? chosen.examples : "Education comes first for every band."}
        errors={errors.errorsFor("kind")}
        data-autofocus
      />
      <div className="recording-form__row">
        <Field
          label="Start date"
          type="date"
          value={startedOn}
          max={toLocalDateInput(new Date())}
          onChange={(event) => {
            setStartedOn(event.target.value);
            errors.clearField("startedAt");
          }}
          errors={errors.errorsFor("startedAt")}
        />
        <Field
          label="End date (optional)"
          type="date"
          value={endedOn}
          min={startedOn || undefined}
          onChange={(event) => {
            setEndedOn(event.target.value);
            errors.clearField("endedAt");
          }}
          errors={errors.errorsFor("endedAt")}
        />
      </div>
      <TextAreaField
        label={kind === "other" ? "Details (required for Other)" : "Details (optional)"}
        hint={kind === "other" ? "Describe what was tried." : undefined}
        value={details}
        maxLength={5000}
        onChange={(event) => {
          setDetails(event.target.value);
          errors.clearField("details");
        }}
        errors={errors.errorsFor("details")}
      />
      <FormActions submitLabel="Save intervention" busyLabel="Saving…" busy={create.isPending} onCancel={onCancel} />
    </form>
  );
}

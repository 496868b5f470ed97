import { useMutation, useQuery } from "@tanstack/react-query";
import { OutcomeRecordInput, type Outcome } from "@wave/shared";
import { useState, type FormEvent } from "react";
import { messageOf, useTRPC } from "../app/trpc";
import { Button } from "../ui/button";
import { RadioGroup } from "../ui/choice-group";
import { ErrorMessage } from "../ui/error-message";
import { Field } from "../ui/field";
import { Loading } from "../ui/loading";
import { SelectField } from "../ui/select-field";
import { TextAreaField } from "../ui/text-area-field";
import { formatDateOnly, localDateToIso, toLocalDateInput } from "./dates";
import { useFormErrors } from "./form-errors";
import { FormActions, FormAlert, submitOnEnter, useInvalidate, useSubmitGuard, type SavedNotice } from "./form-parts";
import { newRecordId } from "./ids";
import { INTERVENTION_KIND_LABELS, OUTCOME_OPTIONS } from "./labels";

const FIELDS = ["interventionId", "outcome", "assessedAt", "notes"] as const;
const PLAIN_WORDS: Record<string, string> = {
  interventionId: "Choose the intervention this outcome is about",
  outcome: "Choose how it worked",
  assessedAt: "Enter the date it was assessed",
  notes: "Check the notes",
};

export function OutcomeForm({
  clientId,
  onSaved,
  onCancel,
  onRecordIntervention,
}: {
  clientId: string;
  onSaved: (notice: SavedNotice) => void;
  onCancel: () => void;
  onRecordIntervention: () => void;
}) {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const guard = useSubmitGuard();
  const [id] = useState(newRecordId);
  const interventions = useQuery(trpc.interventions.list.queryOptions({ clientId }));
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [assessedOn, setAssessedOn] = useState(() => toLocalDateInput(new Date()));
  const [notes, setNotes] = useState("");
  const errors = useFormErrors({ fields: FIELDS, plainWords: PLAIN_WORDS });
  const record = useMutation(trpc.interventions.recordOutcome.mutationOptions());

  if (interventions.isPending) return <Loading label="Loading interventions…" />;
  if (interventions.isError) {
    return (
      <ErrorMessage
        title="We couldn't load this client's interventions"
        message={messageOf(interventions.error)}
        onRetry={() => void interventions.refetch()}
        retrying={interventions.isFetching}
      />
    );
  }
  const list = [...interventions.data].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
  if (list.length === 0) {
    return (
      <div className="recording-form">
        <p>An outcome is recorded against an intervention, and none has been recorded for this client yet.</p>
        <div className="form-actions">
          <Button onClick={onCancel}>Cancel</Button>
          <Button variant="primary" onClick={onRecordIntervention} data-autofocus>
            Record an intervention
          </Button>
        </div>
      </div>
    );
  }
  // With one intervention there is nothing to choose.
  const interventionId = chosenId ?? (list.length === 1 ? (list[0]?.id ?? "") : "");

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = errors.validate(OutcomeRecordInput, {
      id,
      clientId,
      interventionId: interventionId === "" ? undefined : interventionId,
      outcome: outcome ?? undefined,
      assessedAt: localDateToIso(assessedOn),
      notes,
    });
    if (!input || !guard.claim()) return;
    record.mutate(input, {
      onSuccess: (intervention) => {
        void invalidate(["interventions", "clients", "analytics"]);
        const label = OUTCOME_OPTIONS.find((option) => option.value === input.outcome)?.label ?? input.outcome;
        onSaved({ message: `Outcome recorded: ${INTERVENTION_KIND_LABELS[intervention.kind]}, ${label.toLowerCase()}.` });
      },
      onError: errors.showServerError,
      onSettled: guard.release,
    });
  }

  return (
    <form ref={errors.formRef} className="recording-form" onSubmit={submit} onKeyDown={submitOnEnter} noValidate>
      <FormAlert message={errors.formError} fieldCount={Object.keys(errors.fieldErrors).length} />
      <SelectField
        label="Intervention"
        placeholder={list.length === 1 ? undefined : "Choose…"}
        options={list.map((intervention) => ({
          value: intervention.id,
          label: `${INTERVENTION_KIND_LABELS[intervention.kind]}, from ${formatDateOnly(intervention.startedAt)}${
            intervention.outcomes.length > 0 ? ` (${intervention.outcomes.length} outcome${intervention.outcomes.length === 1 ? "" : "s"} so far)` : ""
          }`,
        }))}
        value={interventionId}
        onChange={(event) => {
          setChosenId(event.target.value);
          errors.clearField("interventionId");
        }}
        errors={errors.errorsFor("interventionId")}
        data-autofocus
      />
      <RadioGroup
        legend="Outcome"
        name="outcome"
        layout="row"
        options={OUTCOME_OPTIONS}
        value={outcome}
        onChange={(value) => {
          setOutcome(value);
          errors.clearField("outcome");
        }}
        errors={errors.errorsFor("outcome")}
      />
      <Field
        label="Assessed on"
        type="date"
        value={assessedOn}
        max={toLocalDateInput(new Date())}
        onChange={(event) => {
          setAssessedOn(event.target.value);
          errors.clearField("assessedAt");
        }}
        errors={errors.errorsFor("assessedAt")}
      />
      <TextAreaField
        label="Notes (optional)"
        value={notes}
        maxLength={5000}
        onChange={(event) => {
          setNotes(event.target.value);
          errors.clearField("notes");
        }}
        errors={errors.errorsFor("notes")}
      />
      <FormActions submitLabel="Save outcome" busyLabel="Saving…" busy={record.isPending} onCancel={onCancel} />
    </form>
  );
}

import { useMutation, useQuery } from "@tanstack/react-query";
import { OutcomeRecordInput, type Outcome } from "@wave/shared";
import { useTRPC } from "../../app/trpc";
import { messageOf } from "../../lib/server-error";
import { Button } from "../../ui/button";
import { RadioGroup } from "../../ui/choice-group";
import { ErrorMessage } from "../../ui/error-message";
import { Field } from "../../ui/field";
import { checkWith } from "../../ui/form/check";
import { FormActions, FormAlert, submitOnEnter } from "../../ui/form/form-parts";
import { useRecordForm } from "../../ui/form/use-record-form";
import { Loading } from "../../ui/loading";
import { SelectField } from "../../ui/select-field";
import { TextAreaField } from "../../ui/text-area-field";
import { formatDate } from "../../lib/dates";
import { localDateToIso, toLocalDateInput } from "../../ui/form/date-inputs";
import type { SavedNotice } from "../../ui/form/form-parts";
import { useInvalidate } from "./form-parts";
import { INTERVENTION_KIND_LABELS, OUTCOME_OPTIONS } from "./labels";

interface OutcomeDraft {
  /** "" until chosen; with one intervention there is nothing to choose. */
  interventionId: string;
  outcome: Outcome | null;
  /** The day assessed, as the date input holds it. */
  assessedAt: string;
  notes: string;
}

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
  const interventions = useQuery(trpc.interventions.list.queryOptions({ clientId }));
  const record = useMutation(trpc.interventions.recordOutcome.mutationOptions());
  const list = [...(interventions.data ?? [])].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
  // With one intervention there is nothing to choose.
  const chosenOf = (draft: OutcomeDraft) => draft.interventionId || (list.length === 1 ? (list[0]?.id ?? "") : "");
  const blank: OutcomeDraft = { interventionId: "", outcome: null, assessedAt: toLocalDateInput(new Date()), notes: "" };
  const outcomeForm = useRecordForm({
    defaultValues: blank,
    check: (draft, { id }) => {
      const interventionId = chosenOf(draft);
      return checkWith(OutcomeRecordInput, {
        id,
        clientId,
        interventionId: interventionId === "" ? undefined : interventionId,
        outcome: draft.outcome ?? undefined,
        assessedAt: localDateToIso(draft.assessedAt),
        notes: draft.notes,
      });
    },
    save: async (input) => {
      const intervention = await record.mutateAsync(input);
      void invalidate(["interventions", "clients", "analytics"]);
      const label = OUTCOME_OPTIONS.find((option) => option.value === input.outcome)?.label ?? input.outcome;
      onSaved({ message: `Outcome recorded: ${INTERVENTION_KIND_LABELS[intervention.kind]}, ${label.toLowerCase()}.` });
    },
  });

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
  return (
    <form ref={outcomeForm.formRef} className="recording-form" onSubmit={outcomeForm.submit} onKeyDown={submitOnEnter} noValidate>
      <FormAlert message={outcomeForm.formError} fieldCount={outcomeForm.invalidCount} />
      <SelectField
        label="Intervention"
        placeholder={list.length === 1 ? undefined : "Choose…"}
        options={list.map((intervention) => ({
          value: intervention.id,
          label: `${INTERVENTION_KIND_LABELS[intervention.kind]}, from ${formatDate(intervention.startedAt)}${
            intervention.outcomes.length > 0 ? ` (${intervention.outcomes.length} outcome${intervention.outcomes.length === 1 ? "" : "s"} so far)` : ""
          }`,
        }))}
        {...outcomeForm.text("interventionId")}
        value={chosenOf(outcomeForm.values)}
        data-autofocus
      />
      <RadioGroup
        legend="Outcome"
        name="outcome"
        layout="row"
        options={OUTCOME_OPTIONS}
        value={outcomeForm.values.outcome}
        onChange={(value) => outcomeForm.set("outcome", value)}
        errors={outcomeForm.errorsFor("outcome")}
      />
      <Field
        label="Assessed on"
        type="date"
        max={toLocalDateInput(new Date())}
        {...outcomeForm.text("assessedAt")}
      />
      <TextAreaField
        label="Notes (optional)"
        maxLength={5000}
        {...outcomeForm.text("notes")}
      />
      <FormActions submitLabel="Save outcome" busyLabel="Saving…" busy={outcomeForm.busy} onCancel={onCancel} />
    </form>
  );
}

import { useMutation } from "@tanstack/react-query";
import { FollowUpCompleteInput, FollowUpScheduleInput } from "@wave/shared";
import { addDays, addHours, set, startOfHour } from "date-fns";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../app/trpc";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { TextAreaField } from "../ui/text-area-field";
import { formatDateTimeLocal, localDateTimeToIso, toLocalDateTimeInput } from "./dates";
import { useFormErrors } from "./form-errors";
import { FormActions, FormAlert, submitOnEnter, useInvalidate, useSubmitGuard, type SavedNotice } from "./form-parts";

interface FollowUpFormProps {
  clientId: string;
  clientName: string;
  /** The open follow-up's due time, if one is scheduled. */
  nextFollowUpAt: string | null;
  /** The client carries the urgent self-harm flag. */
  urgent: boolean;
  onSaved: (notice: SavedNotice) => void;
  onCancel: () => void;
}

const atTen = (date: Date) => set(date, { hours: 10, minutes: 0, seconds: 0, milliseconds: 0 });

/** Quick picks for the due time; "later today" is the next whole hour after the coming one. */
function quickPicks(now: Date): { label: string; at: Date }[] {
  return [
    { label: "Later today", at: startOfHour(addHours(now, 2)) },
    { label: "Tomorrow", at: atTen(addDays(now, 1)) },
    { label: "In 1 week", at: atTen(addDays(now, 7)) },
    { label: "In 2 weeks", at: atTen(addDays(now, 14)) },
  ];
}

export function ScheduleFollowUpForm({ clientId, nextFollowUpAt, urgent, onSaved, onCancel }: FollowUpFormProps) {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const guard = useSubmitGuard();
  const [picks] = useState(() => quickPicks(new Date()));
  // Someone with an urgent flag needs to be seen today; otherwise a week is the usual interval.
  const [dueAt, setDueAt] = useState(() => toLocalDateTimeInput((urgent ? picks[0] : picks[2])?.at ?? new Date()));
  const errors = useFormErrors({ fields: ["dueAt"], plainWords: { dueAt: "Enter the date and time it is due" } });
  const schedule = useMutation(trpc.followUps.schedule.mutationOptions());

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = errors.validate(FollowUpScheduleInput, { clientId, dueAt: localDateTimeToIso(dueAt) });
    if (!input || !guard.claim()) return;
    schedule.mutate(input, {
      onSuccess: () => {
        void invalidate(["followUps", "clients", "caseload"]);
        onSaved({ message: `Follow-up scheduled for ${formatDateTimeLocal(input.dueAt)}.` });
      },
      onError: errors.showServerError,
      onSettled: guard.release,
    });
  }

  const iso = localDateTimeToIso(dueAt);
  const past = iso !== "" && Date.parse(iso) < Date.now();
  return (
    <form ref={errors.formRef} className="recording-form" onSubmit={submit} onKeyDown={submitOnEnter} noValidate>
      <FormAlert message={errors.formError} fieldCount={Object.keys(errors.fieldErrors).length} />
      {nextFollowUpAt ? (
        <p className="notice notice--info">
          The next follow-up is now due {formatDateTimeLocal(nextFollowUpAt)}. A client has one open follow-up at a
          time: saving moves it to the new time.
        </p>
      ) : null}
      {urgent ? (
        <p className="notice notice--error">This client has an urgent self-harm flag: follow-up is due today.</p>
      ) : null}
      <Field
        label="Due"
        type="datetime-local"
        value={dueAt}
        onChange={(event) => {
          setDueAt(event.target.value);
          errors.clearField("dueAt");
        }}
        hint={past ? "This time has already passed: the follow-up will show as overdue." : undefined}
        errors={errors.errorsFor("dueAt")}
        data-autofocus
      />
      <div className="quick-picks" role="group" aria-label="Quick picks for the due time">
        {picks.map((pick) => (
          <Button
            key={pick.label}
            variant="quiet"
            onClick={() => {
              setDueAt(toLocalDateTimeInput(pick.at));
              errors.clearField("dueAt");
            }}
          >
            {pick.label}
          </Button>
        ))}
      </div>
      <FormActions submitLabel="Schedule follow-up" busyLabel="Saving…" busy={schedule.isPending} onCancel={onCancel} />
    </form>
  );
}

/** Records that the follow-up happened: this is what clears the urgent self-harm flag. */
export function CompleteFollowUpForm({ clientId, clientName, nextFollowUpAt, urgent, onSaved, onCancel }: FollowUpFormProps) {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const guard = useSubmitGuard();
  const [notes, setNotes] = useState("");
  const errors = useFormErrors({ fields: ["notes"], plainWords: { notes: "Write a short note about the follow-up" } });
  const complete = useMutation(trpc.followUps.complete.mutationOptions());

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = errors.validate(FollowUpCompleteInput, { clientId, notes });
    if (!input || !guard.claim()) return;
    complete.mutate(input, {
      onSuccess: () => {
        void invalidate(["followUps", "clients", "caseload", "analytics"]);
        onSaved({
          message: urgent
            ? `Follow-up recorded for ${clientName}. The urgent self-harm flag is cleared.`
            : `Follow-up recorded for ${clientName}.`,
        });
      },
      onError: errors.showServerError,
      onSettled: guard.release,
    });
  }

  return (
    <form ref={errors.formRef} className="recording-form" onSubmit={submit} onKeyDown={submitOnEnter} noValidate>
      <FormAlert message={errors.formError} fieldCount={Object.keys(errors.fieldErrors).length} />
      {urgent ? (
        <div className="urgent-warning">
          <p className="urgent-warning__title">This clears the urgent self-harm flag</p>
          <p>
            Saving records that you followed up with {clientName} and removes the urgent flag from every caseload.
            Record it only once the follow-up has happened.
          </p>
        </div>
      ) : (
        <p className="notice notice--info">
          Records that a follow-up happened{nextFollowUpAt ? ` (the one due ${formatDateTimeLocal(nextFollowUpAt)})` : ""}.
          Completing a follow-up is also what clears an urgent self-harm flag.
        </p>
      )}
      <TextAreaField
        label="Follow-up note"
        hint="What was discussed and agreed; required."
        value={notes}
        rows={4}
        maxLength={5000}
        onChange={(event) => {
          setNotes(event.target.value);
          errors.clearField("notes");
        }}
        errors={errors.errorsFor("notes")}
        data-autofocus
      />
      <FormActions submitLabel="Save follow-up" busyLabel="Saving…" busy={complete.isPending} onCancel={onCancel} />
    </form>
  );
}

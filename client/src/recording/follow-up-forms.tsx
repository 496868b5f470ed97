import { useMutation, useQuery } from "@tanstack/react-query";
import {
  FollowUpCompleteInput,
  FollowUpScheduleInput,
  type AlertRef,
  type FollowUpContact,
  type FollowUpOutcome,
} from "@wave/shared";
import { useState, type FormEvent } from "react";
import { errorCodeOf, fieldErrorsOf, useTRPC, type RouterOutputs } from "../app/trpc";
import { Button } from "../ui/button";
import { RadioGroup } from "../ui/choice-group";
import { Field } from "../ui/field";
import { TextAreaField } from "../ui/text-area-field";
import { formatDateTimeLocal, localDateTimeToIso, toLocalDateTimeInput } from "./dates";
import { defaultNextFollowUp, nextPicks, quickPicks } from "./follow-up-times";
import { useFormErrors } from "./form-errors";
import { FormActions, FormAlert, submitOnEnter, useInvalidate, useSubmitGuard, type SavedNotice } from "./form-parts";
import { newRecordId } from "./ids";
import { followUpOutcomeWords, NOT_REACHED_CONTACT_OPTIONS, REACHED_CONTACT_OPTIONS } from "./labels";

interface ScheduleFollowUpFormProps {
  clientId: string;
  /** The open follow-up's due time, if one is scheduled. */
  nextFollowUpAt: string | null;
  /** The client carries the urgent self-harm flag. */
  urgent: boolean;
  onSaved: (notice: SavedNotice) => void;
  onCancel: () => void;
}

/** The earliest time a datetime-local input accepts: this minute. */
const nowMinute = () => toLocalDateTimeInput(new Date());

export function ScheduleFollowUpForm({ clientId, nextFollowUpAt, urgent, onSaved, onCancel }: ScheduleFollowUpFormProps) {
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
    // The shared schema refuses a time in the past, as the server does; its message shows beside the field.
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
        min={nowMinute()}
        onChange={(event) => {
          setDueAt(event.target.value);
          errors.clearField("dueAt");
        }}
        hint="Now or later: a follow-up cannot be due in the past."
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

interface CompleteFollowUpFormProps {
  clientId: string;
  clientName: string;
  /** The client's open safety alerts (the self_harm flag's); empty when there are none. */
  alerts: readonly AlertRef[];
  onSaved: (notice: SavedNotice) => void;
  onCancel: () => void;
}

const OUTCOME_FIELDS = ["outcome", "contact", "notes", "scheduledFollowUpId", "nextDueAt"] as const;
const OUTCOME_PLAIN_WORDS: Record<string, string> = {
  outcome: "Say whether you reached the client",
  contact: "Choose how you made contact",
  notes: "Write a short note about the follow-up",
  scheduledFollowUpId: "Untick the scheduled follow-up and try again",
  nextDueAt: "Enter when the next follow-up is due, as a date and time",
};

function contactOptions(outcome: FollowUpOutcome | null): { value: FollowUpContact; label: string }[] {
  return outcome === "not_reached" ? NOT_REACHED_CONTACT_OPTIONS : REACHED_CONTACT_OPTIONS;
}

/** "the open safety alert" / "the 2 open safety alerts": the copy names what a save does to them. */
function alertWords(count: number): string {
  return count === 1 ? "the open safety alert" : `the ${count} open safety alerts`;
}

/**
 * Records a contact with the client: reached (which resolves the open safety
 * alerts) or an attempt that did not reach them (which keeps them open). The
 * scheduled follow-up stays booked unless the user says this contact was it,
 * and resolving an urgent alert asks for the next follow-up.
 */
export function CompleteFollowUpForm({ clientId, clientName, alerts, onSaved, onCancel }: CompleteFollowUpFormProps) {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const guard = useSubmitGuard();
  // One id per opened form, reused by every retry: a double click or a resend records the contact once.
  const [id] = useState(newRecordId);
  const [now] = useState(() => new Date());
  const [outcome, setOutcome] = useState<FollowUpOutcome | null>(null);
  const [contact, setContact] = useState<FollowUpContact | null>(null);
  const [notes, setNotes] = useState("");
  const [wasScheduled, setWasScheduled] = useState(false);
  /** null until the user touches it: a required next follow-up then starts from the default. */
  const [nextDue, setNextDue] = useState<string | null>(null);
  const errors = useFormErrors({ fields: OUTCOME_FIELDS, plainWords: OUTCOME_PLAIN_WORDS });
  const followUps = useQuery(trpc.followUps.list.queryOptions({ clientId }));
  const complete = useMutation(trpc.followUps.complete.mutationOptions());

  const open = followUps.data?.find((followUp) => followUp.completedAt === null) ?? null;
  const urgent = alerts.length > 0;
  const resolves = urgent && outcome === "reached";
  // After resolving an alert someone must be booked next, unless the open follow-up stays booked.
  const nextRequired = resolves && (open === null || wasScheduled);
  const nextValue = nextDue ?? (nextRequired ? toLocalDateTimeInput(defaultNextFollowUp(now)) : "");

  function chooseOutcome(value: FollowUpOutcome) {
    setOutcome(value);
    errors.clearField("outcome");
    // "Video call" is no answer to "how did you try?": a choice the new outcome does not offer is cleared.
    if (contact !== null && !contactOptions(value).some((option) => option.value === contact)) setContact(null);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const extra: [string, string][] = [];
    if (outcome !== null && contact === null) {
      extra.push(["contact", outcome === "reached" ? "Choose how you reached the client" : "Choose what happened when you tried"]);
    }
    if (nextRequired && nextValue.trim() === "") {
      extra.push(["nextDueAt", "Choose when the next follow-up is due: resolving the alert leaves nothing else booked"]);
    }
    const input = errors.validate(
      FollowUpCompleteInput,
      {
        id,
        clientId,
        outcome: outcome ?? undefined,
        contact: contact ?? undefined,
        notes,
        scheduledFollowUpId: wasScheduled && open ? open.id : undefined,
        nextDueAt: nextValue.trim() === "" ? undefined : localDateTimeToIso(nextValue),
      },
      extra,
    );
    if (!input || !guard.claim()) return;
    complete.mutate(input, {
      onSuccess: (saved) => {
        void invalidate(["followUps", "clients", "caseload", "analytics", "alerts"]);
        // Completing the scheduled follow-up records the contact on that row.
        onSaved(savedNotice(clientName, saved, input.scheduledFollowUpId ?? id, urgent));
      },
      onError: (error) => {
        if (errorCodeOf(error) === "CONFLICT" && fieldErrorsOf(error).scheduledFollowUpId) {
          // Someone else completed or moved it meanwhile: untick it and show the follow-ups as they are now.
          setWasScheduled(false);
          void invalidate(["followUps", "clients"]);
          errors.showMessage(
            "The scheduled follow-up was completed or moved by someone else since you opened this form, so it is no longer ticked. Nothing has been saved: check the form and save again.",
          );
          return;
        }
        errors.showServerError(error);
      },
      onSettled: guard.release,
    });
  }

  const options = contactOptions(outcome);
  return (
    <form ref={errors.formRef} className="recording-form" onSubmit={submit} onKeyDown={submitOnEnter} noValidate>
      <FormAlert message={errors.formError} fieldCount={Object.keys(errors.fieldErrors).length} />
      {urgent ? (
        <div className="urgent-warning">
          <p className="urgent-warning__title">
            {alerts.length === 1 ? "An urgent safety alert is open" : `${alerts.length} urgent safety alerts are open`}
          </p>
          <p>
            Only a contact that reached {clientName} resolves {alertWords(alerts.length)}. An attempt that did not reach
            them (no answer, a message left) is recorded and the alert stays open.
          </p>
        </div>
      ) : null}

      <RadioGroup
        legend="Did you reach the client?"
        name="outcome"
        options={[
          {
            value: "reached",
            label: "Yes, I reached them",
            description: urgent ? `Reached: resolves ${alertWords(alerts.length)}` : "You spoke or exchanged messages with the client",
          },
          {
            value: "not_reached",
            label: "No, I could not reach them",
            description: urgent ? "Not reached: the alert stays open" : "No answer, or a message left",
          },
        ]}
        value={outcome}
        onChange={chooseOutcome}
        errors={errors.errorsFor("outcome")}
        autoFocus
      />

      {outcome !== null ? (
        <RadioGroup
          key={outcome}
          legend={outcome === "reached" ? "How did you reach them?" : "What happened when you tried?"}
          name="contact"
          layout="row"
          options={options}
          value={contact}
          onChange={(value) => {
            setContact(value);
            errors.clearField("contact");
          }}
          errors={errors.errorsFor("contact")}
        />
      ) : null}

      <TextAreaField
        label="Follow-up note"
        hint={outcome === "not_reached" ? "What you tried and what happens next; required." : "What was discussed and agreed; required."}
        value={notes}
        rows={4}
        maxLength={5000}
        onChange={(event) => {
          setNotes(event.target.value);
          errors.clearField("notes");
        }}
        errors={errors.errorsFor("notes")}
      />

      {open ? (
        <div className={errors.errorsFor("scheduledFollowUpId") ? "field field--invalid" : "field"}>
          <label className={wasScheduled ? "choice choice--checked" : "choice"}>
            <input
              type="checkbox"
              checked={wasScheduled}
              onChange={(event) => {
                setWasScheduled(event.target.checked);
                errors.clearField("scheduledFollowUpId");
              }}
            />
            <span className="choice__text">
              <span className="choice__label">This was the follow-up due {formatDateTimeLocal(open.dueAt)}</span>
              <span className="choice__description">
                {wasScheduled ? "It will be marked done." : "Unticked, it stays booked."}
              </span>
            </span>
          </label>
          {errors.errorsFor("scheduledFollowUpId") ? <p className="field__error">{errors.errorsFor("scheduledFollowUpId")?.join(" ")}</p> : null}
        </div>
      ) : null}

      {outcome !== null ? (
        <div className={nextRequired ? "next-follow-up next-follow-up--required" : "next-follow-up"}>
          <Field
            label={nextRequired ? "Next follow-up" : "Next follow-up (optional)"}
            type="datetime-local"
            value={nextValue}
            min={nowMinute()}
            onChange={(event) => {
              setNextDue(event.target.value);
              errors.clearField("nextDueAt");
            }}
            hint={nextHint({ resolves, nextRequired, open: open?.dueAt ?? null, wasScheduled, now })}
            errors={errors.errorsFor("nextDueAt")}
          />
          <div className="quick-picks" role="group" aria-label="Quick picks for the next follow-up">
            {nextPicks(now).map((pick) => (
              <Button
                key={pick.label}
                variant="quiet"
                onClick={() => {
                  setNextDue(toLocalDateTimeInput(pick.at));
                  errors.clearField("nextDueAt");
                }}
              >
                {pick.label}
              </Button>
            ))}
          </div>
        </div>
      ) : null}

      <FormActions submitLabel="Save follow-up" busyLabel="Saving…" busy={complete.isPending} onCancel={onCancel} />
    </form>
  );
}

function nextHint({
  resolves,
  nextRequired,
  open,
  wasScheduled,
  now,
}: {
  resolves: boolean;
  nextRequired: boolean;
  open: string | null;
  wasScheduled: boolean;
  now: Date;
}): string {
  if (nextRequired) return "Required: resolving the alert needs the next contact booked. Two days on at 10:00 is suggested.";
  if (open && !wasScheduled) {
    const overdue = Date.parse(open) < now.getTime() ? " (already overdue)" : "";
    return `The follow-up due ${formatDateTimeLocal(open)}${overdue} stays booked unless you tick it above; choose a time here only to move it.`;
  }
  return resolves ? "Book the next contact." : "Leave empty to book nothing new.";
}

/** The client's follow-ups as the save returns them. */
type FollowUpList = RouterOutputs["followUps"]["complete"];

/** What the save did, in words: how the contact went, the alert resolved or still open, and what is booked next. */
function savedNotice(clientName: string, saved: FollowUpList, recordedId: string, urgent: boolean): SavedNotice {
  const recorded = saved.find((followUp) => followUp.id === recordedId);
  const next = saved.find((followUp) => followUp.completedAt === null);
  const how = recorded ? ` ${followUpOutcomeWords(recorded.outcome, recorded.contact)}.` : "";
  const resolved = recorded?.resolvedAlerts ?? 0;
  const stillOpen = urgent && recorded?.outcome !== "reached";
  const alert =
    resolved > 0
      ? ` ${resolved === 1 ? "The safety alert is resolved" : `${resolved} safety alerts are resolved`}: the urgent self-harm flag is cleared.`
      : stillOpen
        ? " The safety alert is still open: same-day follow-up is still required."
        : "";
  const nextWords = next ? ` Next follow-up: ${formatDateTimeLocal(next.dueAt)}.` : " No follow-up is scheduled.";
  return { message: `Follow-up recorded for ${clientName}.${how}${alert}${nextWords}`, urgent: stillOpen };
}

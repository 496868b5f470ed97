import { useMutation, useQuery } from "@tanstack/react-query";
import {
  FollowUpCompleteInput,
  FollowUpScheduleInput,
  type AlertRef,
  type FollowUpContact,
  type FollowUpOutcome,
} from "@wave/shared";
import { useState } from "react";
import { useTRPC, type RouterOutputs } from "../../app/trpc";
import { errorCodeOf, fieldErrorsOf } from "../../lib/server-error";
import { Button } from "../../ui/button";
import { RadioGroup } from "../../ui/choice-group";
import { Field } from "../../ui/field";
import { checkWith, type Problem } from "../../ui/form/check";
import { FormActions, FormAlert, submitOnEnter } from "../../ui/form/form-parts";
import { useRecordForm } from "../../ui/form/use-record-form";
import { TextAreaField } from "../../ui/text-area-field";
import { formatDateTime } from "../../lib/dates";
import { localDateTimeToIso, toLocalDateTimeInput } from "../../ui/form/date-inputs";
import { defaultNextFollowUp, nextPicks, quickPicks } from "./follow-up-times";
import type { SavedNotice } from "../../ui/form/form-parts";
import { useInvalidate } from "./form-parts";
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
  const [picks] = useState(() => quickPicks(new Date()));
  const schedule = useMutation(trpc.followUps.schedule.mutationOptions());
  const followUp = useRecordForm({
    // Someone with an urgent flag needs to be seen today; otherwise a week is the usual interval.
    defaultValues: { dueAt: toLocalDateTimeInput((urgent ? picks[0] : picks[2])?.at ?? new Date()) },
    // The shared schema refuses a time in the past, as the server does; its message shows beside the field.
    check: (values) => checkWith(FollowUpScheduleInput, { clientId, dueAt: localDateTimeToIso(values.dueAt) }),
    save: async (input) => {
      await schedule.mutateAsync(input);
      void invalidate(["followUps", "clients", "caseload"]);
      onSaved({ message: `Follow-up scheduled for ${formatDateTime(input.dueAt)}.` });
    },
  });

  return (
    <form ref={followUp.formRef} className="recording-form" onSubmit={followUp.submit} onKeyDown={submitOnEnter} noValidate>
      <FormAlert message={followUp.formError} fieldCount={followUp.invalidCount} />
      {nextFollowUpAt ? (
        <p className="notice notice--info">
          The next follow-up is now due {formatDateTime(nextFollowUpAt)}. A client has one open follow-up at a
          time: saving moves it to the new time.
        </p>
      ) : null}
      {urgent ? (
        <p className="notice notice--error">This client has an urgent self-harm flag: follow-up is due today.</p>
      ) : null}
      <Field
        label="Due"
        type="datetime-local"
        min={nowMinute()}
        hint="Now or later: a follow-up cannot be due in the past."
        {...followUp.text("dueAt")}
        data-autofocus
      />
      <div className="quick-picks" role="group" aria-label="Quick picks for the due time">
        {picks.map((pick) => (
          <Button
            key={pick.label}
            variant="quiet"
            onClick={() => followUp.set("dueAt", toLocalDateTimeInput(pick.at))}
          >
            {pick.label}
          </Button>
        ))}
      </div>
      <FormActions submitLabel="Schedule follow-up" busyLabel="Saving…" busy={followUp.busy} onCancel={onCancel} />
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

interface ContactDraft {
  outcome: FollowUpOutcome | null;
  contact: FollowUpContact | null;
  notes: string;
  /** The user says this contact was the scheduled follow-up. */
  wasScheduled: boolean;
  /** null until the user touches it: a required next follow-up then starts from the default. */
  nextDueAt: string | null;
}

const NO_CONTACT: ContactDraft = { outcome: null, contact: null, notes: "", wasScheduled: false, nextDueAt: null };

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
  const [now] = useState(() => new Date());
  const followUps = useQuery(trpc.followUps.list.queryOptions({ clientId }));
  const complete = useMutation(trpc.followUps.complete.mutationOptions());
  const open = followUps.data?.find((followUp) => followUp.completedAt === null) ?? null;
  const urgent = alerts.length > 0;

  /** Whether this contact resolves the alerts, and so whether the next follow-up must be booked. */
  function consequences(draft: ContactDraft) {
    const resolves = urgent && draft.outcome === "reached";
    // After resolving an alert someone must be booked next, unless the open follow-up stays booked.
    const nextRequired = resolves && (open === null || draft.wasScheduled);
    const nextValue = draft.nextDueAt ?? (nextRequired ? toLocalDateTimeInput(defaultNextFollowUp(now)) : "");
    return { resolves, nextRequired, nextValue };
  }

  // One id per opened form, reused by every retry: a double click or a resend records the contact once.
  const contactForm = useRecordForm({
    defaultValues: NO_CONTACT,
    extraFields: ["scheduledFollowUpId"],
    check: (draft, { id }) => {
      const { nextRequired, nextValue } = consequences(draft);
      const extra: Problem[] = [];
      if (draft.outcome !== null && draft.contact === null) {
        extra.push(["contact", draft.outcome === "reached" ? "Choose how you reached the client" : "Choose what happened when you tried"]);
      }
      if (nextRequired && nextValue.trim() === "") {
        extra.push(["nextDueAt", "Choose when the next follow-up is due: resolving the alert leaves nothing else booked"]);
      }
      return checkWith(
        FollowUpCompleteInput,
        {
          id,
          clientId,
          outcome: draft.outcome ?? undefined,
          contact: draft.contact ?? undefined,
          notes: draft.notes,
          scheduledFollowUpId: draft.wasScheduled && open ? open.id : undefined,
          nextDueAt: nextValue.trim() === "" ? undefined : localDateTimeToIso(nextValue),
        },
        extra,
      );
    },
    save: async (input, { id }) => {
      const saved = await complete.mutateAsync(input);
      void invalidate(["followUps", "clients", "caseload", "analytics", "alerts"]);
      // Completing the scheduled follow-up records the contact on that row.
      onSaved(savedNotice(clientName, saved, input.scheduledFollowUpId ?? id, urgent));
    },
    onSaveError: (error) => {
      if (errorCodeOf(error) !== "CONFLICT" || !fieldErrorsOf(error).scheduledFollowUpId) return false;
      // Someone else completed or moved it meanwhile: untick it and show the follow-ups as they are now.
      contactForm.set("wasScheduled", false);
      void invalidate(["followUps", "clients"]);
      contactForm.showMessage(
        "The scheduled follow-up was completed or moved by someone else since you opened this form, so it is no longer ticked. Nothing has been saved: check the form and save again.",
      );
      return true;
    },
  });
  const { outcome, contact, wasScheduled } = contactForm.values;
  const { resolves, nextRequired, nextValue } = consequences(contactForm.values);

  function chooseOutcome(value: FollowUpOutcome) {
    contactForm.set("outcome", value);
    // "Video call" is no answer to "how did you try?": a choice the new outcome does not offer is cleared.
    if (contact !== null && !contactOptions(value).some((option) => option.value === contact)) contactForm.set("contact", null);
  }

  const options = contactOptions(outcome);
  return (
    <form ref={contactForm.formRef} className="recording-form" onSubmit={contactForm.submit} onKeyDown={submitOnEnter} noValidate>
      <FormAlert message={contactForm.formError} fieldCount={contactForm.invalidCount} />
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
        errors={contactForm.errorsFor("outcome")}
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
          onChange={(value) => contactForm.set("contact", value)}
          errors={contactForm.errorsFor("contact")}
        />
      ) : null}

      <TextAreaField
        label="Follow-up note"
        hint={outcome === "not_reached" ? "What you tried and what happens next; required." : "What was discussed and agreed; required."}
        rows={4}
        maxLength={5000}
        {...contactForm.text("notes")}
      />

      {open ? (
        <div className={contactForm.errorsFor("scheduledFollowUpId") ? "field field--invalid" : "field"}>
          <label className={wasScheduled ? "choice choice--checked" : "choice"}>
            <input
              type="checkbox"
              checked={wasScheduled}
              onChange={(event) => {
                contactForm.set("wasScheduled", event.target.checked);
                contactForm.clear("scheduledFollowUpId");
              }}
            />
            <span className="choice__text">
              <span className="choice__label">This was the follow-up due {formatDateTime(open.dueAt)}</span>
              <span className="choice__description">
                {wasScheduled ? "It will be marked done." : "Unticked, it stays booked."}
              </span>
            </span>
          </label>
          {contactForm.errorsFor("scheduledFollowUpId") ? (
            <p className="field__error">{contactForm.errorsFor("scheduledFollowUpId")?.join(" ")}</p>
          ) : null}
        </div>
      ) : null}

      {outcome !== null ? (
        <div className={nextRequired ? "next-follow-up next-follow-up--required" : "next-follow-up"}>
          <Field
            label={nextRequired ? "Next follow-up" : "Next follow-up (optional)"}
            type="datetime-local"
            value={nextValue}
            min={nowMinute()}
            onChange={(event) => contactForm.set("nextDueAt", event.target.value)}
            onBlur={() => contactForm.blur("nextDueAt")}
            hint={nextHint({ resolves, nextRequired, open: open?.dueAt ?? null, wasScheduled, now })}
            errors={contactForm.errorsFor("nextDueAt")}
          />
          <div className="quick-picks" role="group" aria-label="Quick picks for the next follow-up">
            {nextPicks(now).map((pick) => (
              <Button
                key={pick.label}
                variant="quiet"
                onClick={() => contactForm.set("nextDueAt", toLocalDateTimeInput(pick.at))}
              >
                {pick.label}
              </Button>
            ))}
          </div>
        </div>
      ) : null}

      <FormActions submitLabel="Save follow-up" busyLabel="Saving…" busy={contactForm.busy} onCancel={onCancel} />
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
    return `The follow-up due ${formatDateTime(open)}${overdue} stays booked unless you tick it above; choose a time here only to move it.`;
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
  const nextWords = next ? ` Next follow-up: ${formatDateTime(next.dueAt)}.` : " No follow-up is scheduled.";
  return { message: `Follow-up recorded for ${clientName}.${how}${alert}${nextWords}`, urgent: stillOpen };
}

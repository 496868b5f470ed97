import type { SelfReportEpisodeInput, SelfReportStatus } from "@wave/shared";
import { useState } from "react";
import { toLocalDateTimeInput } from "../ui/form/date-inputs";
import { Button } from "../ui/button";
import { CheckboxGroup, RadioGroup } from "../ui/choice-group";
import { Field } from "../ui/field";
import { useRecordForm } from "../ui/form/use-record-form";
import { TextAreaField } from "../ui/text-area-field";
import {
  CONTEXT_OPTIONS,
  DURATION_OPTIONS,
  FEELING_OPTIONS,
  IMPACT_OPTIONS,
  LET_DOWN_OPTIONS,
  checkEpisode,
  newDraft,
  NOTES_MAX,
  type EpisodeDraft,
} from "./episode-draft";
import { FormSummary } from "./form-summary";
import { HelpNow } from "./help-now";
import { ScreenHeading } from "./screen-heading";

const INTENSITY_OPTIONS = Array.from({ length: 10 }, (_unused, index) => ({ value: String(index + 1), label: String(index + 1) }));
const YES_NO = [
  { value: "no", label: "No" },
  { value: "yes", label: "Yes" },
] as const;

function timeOfDay(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" }).format(new Date(iso));
}

/**
 * The short form. "It's happening now" has already noted the time; the
 * client rates it, answers the self-harm question, and may skip the rest.
 */
export function EpisodeForm({
  when,
  startedAt,
  status,
  onSave,
  onBack,
}: {
  when: EpisodeDraft["when"];
  /** The moment the button was tapped. */
  startedAt: Date;
  status: SelfReportStatus | null;
  onSave: (episode: SelfReportEpisodeInput) => Promise<void>;
  onBack: () => void;
}) {
  const [storageError, setStorageError] = useState<string | null>(null);
  // The id is made once when the form opens and kept by every retry, so the server writes it once.
  const episode = useRecordForm({
    defaultValues: newDraft(when, startedAt),
    // The schema names the instant and the seconds; the form holds what the client chose.
    extraFields: ["occurredAt", "durationSeconds"],
    check: (draft, { id }) => checkEpisode(draft, id),
    save: async (input) => {
      setStorageError(null);
      try {
        await onSave(input);
      } catch {
        setStorageError("This phone could not keep your report. Nothing was sent: please try Save again.");
      }
    },
  });
  const draft = episode.values;
  const id = episode.id;
  const change = episode.set;
  const errorsOf = episode.errorsFor;

  return (
    <form ref={episode.formRef} className="sr-form" onSubmit={episode.submit} noValidate>
      <ScreenHeading>{when === "now" ? "Log it now" : "Log an earlier one"}</ScreenHeading>
      {when === "now" ? (
        <p className="sr-time-noted">
          Time noted: <strong>{timeOfDay(draft.tappedAt)}</strong>
        </p>
      ) : (
        <Field
          label="When did it happen?"
          type="datetime-local"
          max={toLocalDateTimeInput(new Date())}
          value={draft.earlierLocal}
          onChange={(event) => {
            change("earlierLocal", event.target.value);
            episode.clear("occurredAt");
          }}
          errors={errorsOf("occurredAt")}
        />
      )}
      <FormSummary count={episode.invalidCount} attempt={episode.attempts} />
      {storageError ? (
        <p className="sr-notice sr-notice--error" role="alert">
          {storageError}
        </p>
      ) : null}

      <RadioGroup
        legend="How strong is it?"
        hint="1 is barely there, 10 is the worst."
        name="intensity"
        layout="scale"
        className="sr-intensity"
        options={INTENSITY_OPTIONS}
        value={draft.intensity === null ? null : String(draft.intensity)}
        onChange={(value) => change("intensity", Number(value))}
        errors={errorsOf("intensity")}
      />

      <CheckboxGroup
        legend="What does it feel like?"
        hint="Choose any that fit, or skip this."
        name="types"
        layout="row"
        className="sr-toggles"
        options={FEELING_OPTIONS}
        values={draft.types}
        onChange={(values) => change("types", values)}
        errors={errorsOf("types")}
      />

      <RadioGroup
        legend="Any thoughts of harming yourself?"
        hint="Please answer Yes or No: your consultant needs to know either way."
        name="selfHarmThoughts"
        layout="row"
        className="sr-yes-no"
        options={YES_NO}
        value={draft.selfHarmThoughts === null ? null : draft.selfHarmThoughts ? "yes" : "no"}
        onChange={(value) => change("selfHarmThoughts", value === "yes")}
        errors={errorsOf("selfHarmThoughts")}
      />
      {draft.selfHarmThoughts ? <HelpNow status={status} sent={false} /> : null}

      <section className="sr-details" aria-labelledby={`${id}-details`}>
        <h2 id={`${id}-details`} className="sr-details__heading">
          More, if you like
        </h2>
        <p className="sr-hint">You can skip any of these.</p>
        <RadioGroup
          legend="Were you nursing or pumping?"
          name="context"
          layout="row"
          options={CONTEXT_OPTIONS}
          value={draft.context}
          onChange={(value) => change("context", value)}
          errors={errorsOf("context")}
        />
        <RadioGroup
          legend="The first let-down of the feed, or a later one?"
          name="letDown"
          layout="row"
          options={LET_DOWN_OPTIONS}
          value={draft.letDown}
          onChange={(value) => change("letDown", value)}
          errors={errorsOf("letDown")}
        />
        <RadioGroup
          legend="Roughly how long did it last?"
          name="duration"
          layout="row"
          options={DURATION_OPTIONS}
          value={draft.duration}
          onChange={(value) => {
            change("duration", value);
            episode.clear("durationSeconds");
          }}
          errors={errorsOf("durationSeconds")}
        />
        <RadioGroup
          legend="Did it change the feed?"
          name="impact"
          options={IMPACT_OPTIONS}
          value={draft.impact}
          onChange={(value) => change("impact", value)}
          errors={errorsOf("impact")}
        />
        <TextAreaField
          label="Anything else?"
          hint={`Up to ${NOTES_MAX.toLocaleString("en")} characters.`}
          maxLength={NOTES_MAX}
          value={draft.notes}
          onChange={(event) => change("notes", event.target.value)}
          errors={errorsOf("notes")}
        />
      </section>

      <div className="sr-actions">
        <Button type="submit" variant="primary" className="sr-button sr-button--big" busy={episode.busy}>
          {episode.busy ? "Saving…" : "Save"}
        </Button>
        <Button className="sr-button" onClick={onBack} disabled={episode.busy}>
          Back
        </Button>
      </div>
    </form>
  );
}

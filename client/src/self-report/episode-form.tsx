import type { SelfReportEpisodeInput, SelfReportStatus } from "@wave/shared";
import { useState, type FormEvent } from "react";
import { toLocalDateTimeInput } from "../recording/dates";
import { newRecordId } from "../recording/ids";
import { Button } from "../ui/button";
import { CheckboxGroup, RadioGroup } from "../ui/choice-group";
import { Field } from "../ui/field";
import { TextAreaField } from "../ui/text-area-field";
import {
  CONTEXT_OPTIONS,
  DURATION_OPTIONS,
  FEELING_OPTIONS,
  IMPACT_OPTIONS,
  LET_DOWN_OPTIONS,
  newDraft,
  NOTES_MAX,
  validateEpisode,
  type EpisodeDraft,
  type EpisodeErrors,
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

const errorsOf = (message: string | undefined) => (message ? [message] : undefined);

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
  // Made once when the form opens and kept by every retry, so the server writes it once.
  const [id] = useState(newRecordId);
  const [draft, setDraft] = useState(() => newDraft(when, startedAt));
  const [errors, setErrors] = useState<EpisodeErrors>({});
  const [attempt, setAttempt] = useState(0);
  const [saving, setSaving] = useState(false);
  const [storageError, setStorageError] = useState<string | null>(null);

  function change<K extends keyof EpisodeDraft>(key: K, value: EpisodeDraft[K]) {
    setDraft((current) => ({ ...current, [key]: value }));
    const field = key === "earlierLocal" ? "occurredAt" : key === "duration" ? "durationSeconds" : key;
    setErrors((current) => {
      if (!(field in current)) return current;
      const { [field as keyof EpisodeErrors]: _removed, ...rest } = current;
      return rest;
    });
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (saving) return;
    const result = validateEpisode(draft, id);
    setAttempt((count) => count + 1);
    if ("errors" in result) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      await onSave(result.input);
    } catch {
      setStorageError("This phone could not keep your report. Nothing was sent: please try Save again.");
      setSaving(false);
    }
  }

  return (
    <form className="sr-form" onSubmit={(event) => void submit(event)} noValidate>
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
          onChange={(event) => change("earlierLocal", event.target.value)}
          errors={errorsOf(errors.occurredAt)}
        />
      )}
      <FormSummary count={Object.keys(errors).length} attempt={attempt} />
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
        errors={errorsOf(errors.intensity)}
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
        errors={errorsOf(errors.types)}
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
        errors={errorsOf(errors.selfHarmThoughts)}
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
          errors={errorsOf(errors.context)}
        />
        <RadioGroup
          legend="The first let-down of the feed, or a later one?"
          name="letDown"
          layout="row"
          options={LET_DOWN_OPTIONS}
          value={draft.letDown}
          onChange={(value) => change("letDown", value)}
          errors={errorsOf(errors.letDown)}
        />
        <RadioGroup
          legend="Roughly how long did it last?"
          name="duration"
          layout="row"
          options={DURATION_OPTIONS}
          value={draft.duration}
          onChange={(value) => change("duration", value)}
          errors={errorsOf(errors.durationSeconds)}
        />
        <RadioGroup
          legend="Did it change the feed?"
          name="impact"
          options={IMPACT_OPTIONS}
          value={draft.impact}
          onChange={(value) => change("impact", value)}
          errors={errorsOf(errors.impact)}
        />
        <TextAreaField
          label="Anything else?"
          hint={`Up to ${NOTES_MAX.toLocaleString("en")} characters.`}
          maxLength={NOTES_MAX}
          value={draft.notes}
          onChange={(event) => change("notes", event.target.value)}
          errors={errorsOf(errors.notes)}
        />
      </section>

      <div className="sr-actions">
        <Button type="submit" variant="primary" className="sr-button sr-button--big" busy={saving}>
          {saving ? "Saving…" : "Save"}
        </Button>
        <Button className="sr-button" onClick={onBack} disabled={saving}>
          Back
        </Button>
      </div>
    </form>
  );
}

import type { SelfReportStatus } from "@wave/shared";
import { useState, type FormEvent } from "react";
import { EPDS_INTRO, EPDS_ITEMS } from "../recording/epds-items";
import { newRecordId } from "../recording/ids";
import { Button } from "../ui/button";
import { RadioGroup } from "../ui/choice-group";
import { epdsShowsHelp, newEpdsDraft, validateEpds } from "./epds-draft";
import { FormSummary } from "./form-summary";
import { HelpNow } from "./help-now";
import { ScreenHeading } from "./screen-heading";

/** The questionnaire the consultant asked for: the ten questions and answers as printed; the server scores it. */
export function EpdsForm({
  status,
  onSave,
  onBack,
}: {
  status: SelfReportStatus | null;
  onSave: (id: string, answers: number[]) => Promise<void>;
  onBack: () => void;
}) {
  const [id] = useState(newRecordId);
  const [draft, setDraft] = useState(newEpdsDraft);
  const [unanswered, setUnanswered] = useState<number[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [saving, setSaving] = useState(false);
  const [storageError, setStorageError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (saving) return;
    const result = validateEpds(draft);
    setAttempt((count) => count + 1);
    if ("unanswered" in result) {
      setUnanswered(result.unanswered);
      return;
    }
    setUnanswered([]);
    setSaving(true);
    try {
      await onSave(id, result.answers);
    } catch {
      setStorageError("This phone could not keep your answers. Nothing was sent: please try Save again.");
      setSaving(false);
    }
  }

  return (
    <form className="sr-form" onSubmit={(event) => void submit(event)} noValidate>
      <ScreenHeading>A short questionnaire</ScreenHeading>
      <p>{EPDS_INTRO}</p>
      <FormSummary count={unanswered.length} attempt={attempt} />
      {storageError ? (
        <p className="sr-notice sr-notice--error" role="alert">
          {storageError}
        </p>
      ) : null}
      <p>
        <strong>In the past 7 days:</strong>
      </p>
      <ol className="sr-epds">
        {EPDS_ITEMS.map((item, index) => (
          <li key={item.statement}>
            <RadioGroup
              legend={`${index + 1}. ${item.statement}`}
              name={`epds-${index + 1}`}
              options={item.options.map((label, option) => ({ value: String(option), label }))}
              value={draft[index] === null || draft[index] === undefined ? null : String(draft[index])}
              onChange={(value) => {
                setDraft((current) => current.map((answer, position) => (position === index ? Number(value) : answer)));
                setUnanswered((current) => current.filter((question) => question !== index + 1));
              }}
              errors={unanswered.includes(index + 1) ? [`Choose an answer to question ${index + 1}`] : undefined}
            />
          </li>
        ))}
      </ol>
      {epdsShowsHelp(draft) ? <HelpNow status={status} sent={false} /> : null}
      <div className="sr-actions">
        <Button type="submit" variant="primary" className="sr-button sr-button--big" busy={saving}>
          {saving ? "Saving…" : "Save my answers"}
        </Button>
        <Button className="sr-button" onClick={onBack} disabled={saving}>
          Back
        </Button>
      </div>
    </form>
  );
}

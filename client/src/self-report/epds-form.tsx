import type { SelfReportStatus } from "@wave/shared";
import { useState } from "react";
import { EPDS_INTRO, EPDS_ITEMS } from "../lib/epds-items";
import { Button } from "../ui/button";
import { RadioGroup } from "../ui/choice-group";
import { useRecordForm } from "../ui/form/use-record-form";
import { checkEpds, epdsShowsHelp, newEpdsDraft } from "./epds-draft";
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
  const [storageError, setStorageError] = useState<string | null>(null);
  const epds = useRecordForm({
    defaultValues: { answers: newEpdsDraft() },
    extraFields: EPDS_ITEMS.map((_item, index) => `answers.${index}`),
    check: (values, { id }) => checkEpds(values.answers, id),
    save: async (input) => {
      setStorageError(null);
      try {
        await onSave(input.id, input.answers);
      } catch {
        setStorageError("This phone could not keep your answers. Nothing was sent: please try Save again.");
      }
    },
  });
  const draft = epds.values.answers;

  return (
    <form ref={epds.formRef} className="sr-form" onSubmit={epds.submit} noValidate>
      <ScreenHeading>A short questionnaire</ScreenHeading>
      <p>{EPDS_INTRO}</p>
      <FormSummary count={epds.invalidCount} attempt={epds.attempts} />
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
                epds.set(
                  "answers",
                  draft.map((answer, position) => (position === index ? Number(value) : answer)),
                );
                epds.clear(`answers.${index}`);
              }}
              errors={epds.errorsFor(`answers.${index}`)}
            />
          </li>
        ))}
      </ol>
      {epdsShowsHelp(draft) ? <HelpNow status={status} sent={false} /> : null}
      <div className="sr-actions">
        <Button type="submit" variant="primary" className="sr-button sr-button--big" busy={epds.busy}>
          {epds.busy ? "Saving…" : "Save my answers"}
        </Button>
        <Button className="sr-button" onClick={onBack} disabled={epds.busy}>
          Back
        </Button>
      </div>
    </form>
  );
}

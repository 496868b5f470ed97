import { useMutation } from "@tanstack/react-query";
import { EPDS_ITEM_COUNT, EpdsCreateInput, type Screening } from "@wave/shared";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "../../app/trpc";
import { Button } from "../../ui/button";
import { RadioGroup } from "../../ui/choice-group";
import { Field } from "../../ui/field";
import { checkWith } from "../../ui/form/check";
import { FormActions, FormAlert, submitOnEnter } from "../../ui/form/form-parts";
import { useRecordForm } from "../../ui/form/use-record-form";
import { formatDateTime } from "../../lib/dates";
import { localDateTimeToIso, toLocalDateTimeInput } from "../../ui/form/date-inputs";
import { EPDS_INTRO, EPDS_ITEMS, ITEM_10_NEVER } from "../../lib/epds-items";
import type { SavedNotice } from "../../ui/form/form-parts";
import { useInvalidate } from "./form-parts";
import { EPDS_INTERPRETATION_LABELS } from "./labels";

/** Each question takes its own message ("answers.9"), as the schema's issues name them. */
const ANSWER_KEYS = EPDS_ITEMS.map((_item, index) => `answers.${index}`);

type Answer = "0" | "1" | "2" | "3";

interface EpdsDraft {
  takenAt: string;
  answers: (Answer | null)[];
}

/** EPDS: the ten printed questions; the server scores the answers and the result shows at once. */
export function EpdsForm({
  clientId,
  clientName,
  onSaved,
  onDone,
  onCompleteFollowUp,
}: {
  clientId: string;
  clientName: string;
  onSaved: (notice: SavedNotice) => void;
  onDone: () => void;
  onCompleteFollowUp: () => void;
}) {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const [result, setResult] = useState<Screening | null>(null);
  const create = useMutation(trpc.screenings.createEpds.mutationOptions());
  const blank: EpdsDraft = { takenAt: toLocalDateTimeInput(new Date()), answers: Array<Answer | null>(EPDS_ITEM_COUNT).fill(null) };
  const epds = useRecordForm({
    defaultValues: blank,
    extraFields: ANSWER_KEYS,
    check: (draft, { id }) =>
      checkWith(EpdsCreateInput, {
        id,
        clientId,
        takenAt: localDateTimeToIso(draft.takenAt),
        answers: draft.answers.map((answer) => (answer === null ? undefined : Number(answer))),
      }),
    save: async (input) => {
      const screening = await create.mutateAsync(input);
      void invalidate(["screenings", "clients", "caseload", "analytics", "alerts"]);
      setResult(screening);
      const urgent = screening.item10 > 0;
      onSaved({
        message: `EPDS saved for ${clientName}: total ${screening.total} of 30, item 10 scored ${screening.item10}.${
          urgent ? " Urgent self-harm flag raised: same-day follow-up required." : ""
        }`,
        urgent,
      });
    },
  });

  if (result) return <EpdsResult result={result} clientName={clientName} onDone={onDone} onCompleteFollowUp={onCompleteFollowUp} />;

  const { answers } = epds.values;
  const item10 = answers[EPDS_ITEM_COUNT - 1];
  return (
    <form ref={epds.formRef} className="recording-form epds-form" onSubmit={epds.submit} onKeyDown={submitOnEnter} noValidate>
      <FormAlert message={epds.formError} fieldCount={epds.invalidCount} />
      <Field label="Taken on" type="datetime-local" {...epds.text("takenAt")} />
      <p className="epds-form__intro">{EPDS_INTRO}</p>
      <p className="epds-form__intro">
        <strong>In the past 7 days:</strong>
      </p>
      <ol className="epds-form__items">
        {EPDS_ITEMS.map((item, index) => (
          <li key={item.statement} className="epds-form__item">
            <RadioGroup
              legend={`${index + 1}. ${item.statement}`}
              name={`epds-${index + 1}`}
              options={item.options.map((label, option) => ({ value: String(option) as Answer, label }))}
              value={answers[index] ?? null}
              onChange={(value) => {
                epds.set(
                  "answers",
                  answers.map((answer, position) => (position === index ? value : answer)),
                );
                epds.clear(`answers.${index}`);
              }}
              errors={epds.errorsFor(`answers.${index}`)}
              autoFocus={index === 0}
            />
          </li>
        ))}
      </ol>
      {item10 !== null && item10 !== undefined && Number(item10) !== ITEM_10_NEVER ? (
        <div className="urgent-warning" role="alert">
          <p className="urgent-warning__title">Urgent: thoughts of self-harm</p>
          <p>
            Any answer to question 10 other than “Never” raises the urgent self-harm flag and requires{" "}
            <strong>same-day follow-up</strong>, whatever the total.
          </p>
        </div>
      ) : null}
      <FormActions submitLabel="Save and score" busyLabel="Saving…" busy={epds.busy} onCancel={onDone} />
    </form>
  );
}

function EpdsResult({
  result,
  clientName,
  onDone,
  onCompleteFollowUp,
}: {
  result: Screening;
  clientName: string;
  onDone: () => void;
  onCompleteFollowUp: () => void;
}) {
  const urgent = result.item10 > 0;
  const ref = useRef<HTMLDivElement>(null);
  // The form that had focus is gone: the result takes it, so it is read first.
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div ref={ref} className="epds-saved" data-testid="epds-result" tabIndex={-1}>
      <div className="notice notice--info" role="status">
        <p className="notice__title">EPDS saved and scored</p>
        <dl className="epds-saved__scores">
          <div>
            <dt>Total</dt>
            <dd>
              <span className="epds-saved__number">{result.total}</span> of 30
            </dd>
          </div>
          <div>
            <dt>Item 10 (thoughts of self-harm)</dt>
            <dd>
              <span className="epds-saved__number">{result.item10}</span> of 3
            </dd>
          </div>
        </dl>
        <p>
          <strong>{EPDS_INTERPRETATION_LABELS[result.interpretation]}.</strong>
          {urgent && result.total >= 13 ? " The total is also 13 or more: refer for assessment." : null}
        </p>
        <p className="muted">Taken {formatDateTime(result.takenAt)}. A screening prompts; it does not diagnose.</p>
      </div>
      {urgent ? (
        <div className="urgent-warning" role="alert">
          <p className="urgent-warning__title">Urgent flag raised: same-day follow-up required</p>
          <p>
            Item 10 scored above 0. {clientName} is now at the top of every caseload, marked urgent, until a follow-up
            that reached the client is recorded.
          </p>
        </div>
      ) : null}
      <div className="form-actions">
        {urgent ? (
          <Button onClick={onCompleteFollowUp}>Record the follow-up now</Button>
        ) : null}
        <Button variant="primary" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}

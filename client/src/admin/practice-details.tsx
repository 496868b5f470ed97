import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { PracticeSettingsInput } from "@wave/shared";
import { useState, type FormEvent } from "react";
import { messageOf, useTRPC, type RouterOutputs } from "../app/trpc";
import { useFormErrors } from "../recording/form-errors";
import { FormAlert } from "../recording/form-parts";
import { Button } from "../ui/button";
import { ErrorMessage } from "../ui/error-message";
import { Field } from "../ui/field";
import { Loading } from "../ui/loading";

type PracticeSettings = RouterOutputs["practices"]["settings"];

const FIELDS = ["phone", "crisisLine"] as const;
const PLAIN_WORDS: Record<string, string> = {
  phone: "Enter the practice's phone number, or leave it empty",
  crisisLine: "Enter the crisis line's number, or leave it empty",
};

/**
 * The practice's phone and crisis line, which clients' self-report pages
 * show (the crisis line beside the self-harm question). Lead only: the staff
 * page is.
 */
export function PracticeDetails() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.practices.settings.queryOptions());
  return (
    <section className="panel admin-section" aria-labelledby="practice-details-heading">
      <div className="admin-section__head">
        <h2 id="practice-details-heading">Practice details</h2>
      </div>
      <p className="admin-section__note">
        Shown on clients' self-report pages. Leave the crisis line empty to show 'your local emergency number'.
      </p>
      {settings.data ? (
        <PracticeDetailsForm settings={settings.data} />
      ) : settings.isError ? (
        <ErrorMessage
          title="We couldn't load the practice details"
          message={messageOf(settings.error)}
          onRetry={() => void settings.refetch()}
          retrying={settings.isFetching}
        />
      ) : (
        <Loading label="Loading the practice details…" />
      )}
    </section>
  );
}

function PracticeDetailsForm({ settings }: { settings: PracticeSettings }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [phone, setPhone] = useState(settings.phone ?? "");
  const [crisisLine, setCrisisLine] = useState(settings.crisisLine ?? "");
  const [saved, setSaved] = useState("");
  const errors = useFormErrors({ fields: FIELDS, plainWords: PLAIN_WORDS });
  const update = useMutation(trpc.practices.updateSettings.mutationOptions());

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (update.isPending) return;
    setSaved("");
    // The server's own schema: the message beside a field before saving is the one it would give after.
    const input = errors.validate(PracticeSettingsInput, { phone, crisisLine });
    if (!input) return;
    // "" clears a number; the parsed value would be null, which the wire input does not take.
    update.mutate(
      { phone: phone.trim(), crisisLine: crisisLine.trim() },
      {
        onSuccess: (next) => {
          queryClient.setQueryData(trpc.practices.settings.queryKey(), next);
          setPhone(next.phone ?? "");
          setCrisisLine(next.crisisLine ?? "");
          setSaved(
            `Saved. Clients' pages now show ${next.crisisLine ? `the crisis line ${next.crisisLine}` : "'your local emergency number'"}${
              next.phone ? ` and the practice phone ${next.phone}` : ""
            }.`,
          );
        },
        onError: errors.showServerError,
      },
    );
  }

  return (
    <form ref={errors.formRef} className="practice-details" onSubmit={submit} noValidate aria-labelledby="practice-details-heading">
      <FormAlert message={errors.formError} fieldCount={Object.keys(errors.fieldErrors).length} />
      <div className="practice-details__fields">
        {(
          [
            { field: "phone", label: "Practice phone", value: phone, set: setPhone },
            { field: "crisisLine", label: "Crisis line", value: crisisLine, set: setCrisisLine },
          ] as const
        ).map(({ field, label, value, set }) => (
          <Field
            key={field}
            label={label}
            name={field}
            type="tel"
            autoComplete="off"
            maxLength={60}
            value={value}
            onChange={(event) => {
              set(event.target.value);
              errors.clearField(field);
            }}
            errors={errors.errorsFor(field)}
          />
        ))}
        <Button type="submit" variant="primary" className="practice-details__submit" busy={update.isPending}>
          {update.isPending ? "Saving…" : "Save practice details"}
        </Button>
      </div>
      <p className="admin-status" role="status">
        {saved}
      </p>
    </form>
  );
}

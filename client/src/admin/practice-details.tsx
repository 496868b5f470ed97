import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { PracticeSettingsInput } from "@wave/shared";
import { useState } from "react";
import { useTRPC, type RouterOutputs } from "../app/trpc";
import { messageOf } from "../lib/server-error";
import { Button } from "../ui/button";
import { ErrorMessage } from "../ui/error-message";
import { Field } from "../ui/field";
import { checkWith } from "../ui/form/check";
import { FormAlert } from "../ui/form/form-parts";
import { useRecordForm } from "../ui/form/use-record-form";
import { Loading } from "../ui/loading";

type PracticeSettings = RouterOutputs["practices"]["settings"];

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
  const [saved, setSaved] = useState("");
  const update = useMutation(trpc.practices.updateSettings.mutationOptions());
  const details = useRecordForm({
    defaultValues: { phone: settings.phone ?? "", crisisLine: settings.crisisLine ?? "" },
    check: (values) => {
      // The server's own schema: the message beside a field before saving is the one it would give after.
      const checked = checkWith(PracticeSettingsInput, values);
      // "" clears a number; the parsed value would be null, which the wire input does not take.
      return checked.ok ? { ok: true, input: { phone: values.phone.trim(), crisisLine: values.crisisLine.trim() } } : checked;
    },
    save: async (input) => {
      setSaved("");
      const next = await update.mutateAsync(input);
      queryClient.setQueryData(trpc.practices.settings.queryKey(), next);
      details.load({ phone: next.phone ?? "", crisisLine: next.crisisLine ?? "" });
      setSaved(
        `Saved. Clients' pages now show ${next.crisisLine ? `the crisis line ${next.crisisLine}` : "'your local emergency number'"}${
          next.phone ? ` and the practice phone ${next.phone}` : ""
        }.`,
      );
    },
  });

  return (
    <form ref={details.formRef} className="practice-details" onSubmit={details.submit} noValidate aria-labelledby="practice-details-heading">
      <FormAlert message={details.formError} fieldCount={details.invalidCount} />
      <div className="practice-details__fields">
        {(
          [
            { field: "phone", label: "Practice phone" },
            { field: "crisisLine", label: "Crisis line" },
          ] as const
        ).map(({ field, label }) => (
          <Field key={field} label={label} name={field} type="tel" autoComplete="off" maxLength={60} {...details.text(field)} />
        ))}
        <Button type="submit" variant="primary" className="practice-details__submit" busy={details.busy}>
          {details.busy ? "Saving…" : "Save practice details"}
        </Button>
      </div>
      <p className="admin-status" role="status">
        {saved}
      </p>
    </form>
  );
}

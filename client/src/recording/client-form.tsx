import { useMutation } from "@tanstack/react-query";
import { ClientCreateInput, ClientRecord as ClientRecordSchema, ClientUpdateInput, type FeedingMethod } from "@wave/shared";
import { useState, type FormEvent } from "react";
import { useTRPC, type RouterOutputs } from "../app/trpc";
import { RadioGroup } from "../ui/choice-group";
import { Field } from "../ui/field";
import { SelectField } from "../ui/select-field";
import { ConflictNotice, type DescribedVersion } from "./conflict-notice";
import { formatDateOnly, toLocalDateInput } from "./dates";
import { useFormErrors } from "./form-errors";
import { FormActions, FormAlert, submitOnEnter, useInvalidate, useSubmitGuard } from "./form-parts";
import { newRecordId } from "./ids";
import { FEEDING_METHOD_LABELS, yesNo } from "./labels";
import { useVersionConflict } from "./use-version-conflict";

export type ClientRecord = RouterOutputs["clients"]["byId"];

/** The part of a client a CONFLICT sends back: the profile as stored now. */
const StoredProfile = ClientRecordSchema.pick({
  clientId: true,
  displayName: true,
  babyBirthDate: true,
  feedingMethod: true,
  consideringWeaning: true,
  version: true,
});
type StoredProfile = ReturnType<typeof StoredProfile.parse>;

interface ClientDraft {
  displayName: string;
  babyBirthDate: string;
  feedingMethod: FeedingMethod | null;
  consideringWeaning: boolean | null;
  primaryConsultantId: string;
}

const FIELDS = ["displayName", "babyBirthDate", "feedingMethod", "consideringWeaning", "primaryConsultantId"] as const;
const PLAIN_WORDS: Record<string, string> = {
  displayName: "Enter a display name",
  babyBirthDate: "Enter the baby's birth date",
  feedingMethod: "Choose nursing, pumping or both",
  consideringWeaning: "Answer Yes or No",
  primaryConsultantId: "Choose the consultant for this client",
};

const YES_NO = [
  { value: "no", label: "No" },
  { value: "yes", label: "Yes" },
] as const;

function draftOf(profile: StoredProfile): ClientDraft {
  return {
    displayName: profile.displayName,
    babyBirthDate: profile.babyBirthDate,
    feedingMethod: profile.feedingMethod,
    consideringWeaning: profile.consideringWeaning,
    primaryConsultantId: "",
  };
}

function describe(values: { displayName: string; babyBirthDate: string; feedingMethod: FeedingMethod | null; consideringWeaning: boolean | null }): DescribedVersion {
  return [
    ["Display name", values.displayName.trim() || "—"],
    ["Baby's birth date", values.babyBirthDate ? formatDateOnly(values.babyBirthDate) : "—"],
    ["Feeding method", values.feedingMethod ? FEEDING_METHOD_LABELS[values.feedingMethod] : "—"],
    ["Considering weaning", values.consideringWeaning === null ? "—" : yesNo(values.consideringWeaning)],
  ];
}

export interface ClientFormProps {
  /** Editing this client (with its version); absent when adding a new client. */
  client?: ClientRecord | undefined;
  /** A lead adding a client chooses the consultant from these; a consultant's new clients are their own. */
  consultants?: readonly { id: string; name: string }[] | undefined;
  onSaved: (saved: ClientRecord) => void;
  onCancel: () => void;
}

/** Add a client, or edit one's details without silently overwriting someone else's change. */
export function ClientForm({ client, consultants, onSaved, onCancel }: ClientFormProps) {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const guard = useSubmitGuard();
  const editing = client !== undefined;
  const [id] = useState(() => client?.clientId ?? newRecordId());
  const versions = useVersionConflict(StoredProfile, client);
  const { stored, conflict } = versions;
  const [draft, setDraft] = useState<ClientDraft>(() =>
    client
      ? draftOf(client)
      : { displayName: "", babyBirthDate: "", feedingMethod: "nursing", consideringWeaning: false, primaryConsultantId: "" },
  );
  const errors = useFormErrors({ fields: FIELDS, plainWords: PLAIN_WORDS });
  const create = useMutation(trpc.clients.create.mutationOptions());
  const update = useMutation(trpc.clients.update.mutationOptions());
  const busy = create.isPending || update.isPending;
  const choosesConsultant = !editing && consultants !== undefined;

  function change<K extends keyof ClientDraft>(key: K, value: ClientDraft[K]) {
    setDraft((current) => ({ ...current, [key]: value }));
    errors.clearField(key);
  }

  const fields = {
    displayName: draft.displayName,
    babyBirthDate: draft.babyBirthDate,
    feedingMethod: draft.feedingMethod ?? undefined,
    consideringWeaning: draft.consideringWeaning ?? undefined,
  };

  function saved(record: ClientRecord) {
    void invalidate(["clients", "caseload", "analytics"]);
    onSaved(record);
  }

  function save(version: number | null) {
    if (version === null) {
      // The server insists a lead names the consultant; say so before sending.
      const missingConsultant: [string, string][] =
        choosesConsultant && draft.primaryConsultantId === "" ? [["primaryConsultantId", PLAIN_WORDS.primaryConsultantId ?? ""]] : [];
      const input = errors.validate(
        ClientCreateInput,
        { ...fields, id, ...(choosesConsultant && draft.primaryConsultantId ? { primaryConsultantId: draft.primaryConsultantId } : {}) },
        missingConsultant,
      );
      if (!input || !guard.claim()) return;
      create.mutate(input, { onSuccess: saved, onError: errors.showServerError, onSettled: guard.release });
      return;
    }
    const input = errors.validate(ClientUpdateInput, { ...fields, clientId: id, version });
    if (!input || !guard.claim()) return;
    update.mutate(input, {
      onSuccess: saved,
      onError: (error) => {
        // The page behind the form refreshes too, so the next edit starts from what is stored now.
        if (versions.catchConflict(error)) void invalidate(["clients", "caseload", "analytics"]);
        else errors.showServerError(error);
      },
      onSettled: guard.release,
    });
  }

  function loadTheirs(theirs: Parameters<typeof draftOf>[0]) {
    setDraft(draftOf(theirs));
    errors.reset();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (conflict) return;
    save(stored ? stored.version : null);
  }

  return (
    <form ref={errors.formRef} className="recording-form" onSubmit={submit} onKeyDown={submitOnEnter} noValidate>
      {conflict ? (
        <ConflictNotice
          entity="client"
          yours={describe(draft)}
          saved={describe(conflict)}
          busy={busy}
          onUseTheirs={() => versions.takeTheirs(loadTheirs)}
          onOverwrite={() => versions.overwrite(save)}
        />
      ) : null}
      <FormAlert message={errors.formError} fieldCount={Object.keys(errors.fieldErrors).length} />
      <Field
        label="Display name"
        hint="The name the practice knows the client by; it shows on the caseload."
        value={draft.displayName}
        maxLength={200}
        autoComplete="off"
        onChange={(event) => change("displayName", event.target.value)}
        errors={errors.errorsFor("displayName")}
        data-autofocus
      />
      <Field
        label="Baby's birth date"
        type="date"
        value={draft.babyBirthDate}
        max={toLocalDateInput(new Date())}
        onChange={(event) => change("babyBirthDate", event.target.value)}
        errors={errors.errorsFor("babyBirthDate")}
      />
      <RadioGroup
        legend="Feeding method"
        name="feedingMethod"
        layout="row"
        options={Object.entries(FEEDING_METHOD_LABELS).map(([value, label]) => ({ value: value as FeedingMethod, label }))}
        value={draft.feedingMethod}
        onChange={(value) => change("feedingMethod", value)}
        errors={errors.errorsFor("feedingMethod")}
      />
      <RadioGroup
        legend="Considering weaning"
        name="consideringWeaning"
        layout="row"
        options={YES_NO}
        value={draft.consideringWeaning === null ? null : draft.consideringWeaning ? "yes" : "no"}
        onChange={(value) => change("consideringWeaning", value === "yes")}
        errors={errors.errorsFor("consideringWeaning")}
      />
      {choosesConsultant ? (
        <SelectField
          label="Consultant"
          placeholder="Choose…"
          hint="The consultant whose caseload this client joins."
          options={consultants.map((consultant) => ({ value: consultant.id, label: consultant.name }))}
          value={draft.primaryConsultantId}
          onChange={(event) => change("primaryConsultantId", event.target.value)}
          errors={errors.errorsFor("primaryConsultantId")}
        />
      ) : null}
      <FormActions
        submitLabel={editing ? "Save changes" : "Add client"}
        busyLabel="Saving…"
        busy={busy}
        onCancel={onCancel}
      />
    </form>
  );
}

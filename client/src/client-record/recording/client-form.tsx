import { useMutation } from "@tanstack/react-query";
import { ClientCreateInput, ClientRecord as ClientRecordSchema, ClientUpdateInput, type FeedingMethod } from "@wave/shared";
import { useTRPC, type RouterOutputs } from "../../app/trpc";
import { RadioGroup } from "../../ui/choice-group";
import { Field } from "../../ui/field";
import { checkWith, type Problem, type Wire } from "../../ui/form/check";
import { FormActions, FormAlert, submitOnEnter } from "../../ui/form/form-parts";
import { useRecordForm } from "../../ui/form/use-record-form";
import { SelectField } from "../../ui/select-field";
import { ConflictNotice, type DescribedVersion } from "./conflict-notice";
import { formatDate } from "../../lib/dates";
import { toLocalDateInput } from "../../ui/form/date-inputs";
import { useInvalidate } from "./form-parts";
import { FEEDING_METHOD_LABELS, yesNo } from "./labels";
import { useVersionConflict } from "./use-version-conflict";
import "./recording.css";

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
type ClientSave = Wire<ReturnType<typeof ClientCreateInput.parse>> | Wire<ReturnType<typeof ClientUpdateInput.parse>>;

interface ClientDraft {
  displayName: string;
  babyBirthDate: string;
  feedingMethod: FeedingMethod | null;
  consideringWeaning: boolean | null;
  primaryConsultantId: string;
}

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
    ["Baby's birth date", values.babyBirthDate ? formatDate(values.babyBirthDate) : "—"],
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
  const editing = client !== undefined;
  const versions = useVersionConflict(StoredProfile, client);
  const { stored, conflict } = versions;
  const create = useMutation(trpc.clients.create.mutationOptions());
  const update = useMutation(trpc.clients.update.mutationOptions());
  const choosesConsultant = !editing && consultants !== undefined;

  const fieldsOf = (draft: ClientDraft) => ({
    displayName: draft.displayName,
    babyBirthDate: draft.babyBirthDate,
    feedingMethod: draft.feedingMethod ?? undefined,
    consideringWeaning: draft.consideringWeaning ?? undefined,
  });

  const blank: ClientDraft = { displayName: "", babyBirthDate: "", feedingMethod: "nursing", consideringWeaning: false, primaryConsultantId: "" };
  const clientForm = useRecordForm<ClientDraft, ClientSave>({
    defaultValues: client ? draftOf(client) : blank,
    recordId: client?.clientId,
    version: stored?.version,
    paused: conflict !== null,
    check: (draft, { id, version }) => {
      if (version !== null) return checkWith(ClientUpdateInput, { ...fieldsOf(draft), clientId: id, version });
      // The server insists a lead names the consultant; say so before sending.
      const missingConsultant: Problem[] =
        choosesConsultant && draft.primaryConsultantId === "" ? [["primaryConsultantId", "Choose the consultant for this client"]] : [];
      return checkWith(
        ClientCreateInput,
        { ...fieldsOf(draft), id, ...(choosesConsultant && draft.primaryConsultantId ? { primaryConsultantId: draft.primaryConsultantId } : {}) },
        missingConsultant,
      );
    },
    save: async (input) => {
      const record = "version" in input ? await update.mutateAsync(input) : await create.mutateAsync(input);
      void invalidate(["clients", "caseload", "analytics"]);
      onSaved(record);
    },
    onSaveError: (error) => versions.catchConflict(error, () => void invalidate(["clients", "caseload", "analytics"])),
  });
  const draft = clientForm.values;

  return (
    <form ref={clientForm.formRef} className="recording-form" onSubmit={clientForm.submit} onKeyDown={submitOnEnter} noValidate>
      {conflict ? (
        <ConflictNotice
          entity="client"
          yours={describe(draft)}
          saved={describe(conflict)}
          busy={clientForm.busy}
          onUseTheirs={() => versions.takeTheirs((theirs) => clientForm.load(draftOf(theirs)))}
          onOverwrite={() => versions.overwrite((version) => clientForm.submit(undefined, { version }))}
        />
      ) : null}
      <FormAlert message={clientForm.formError} fieldCount={clientForm.invalidCount} />
      <Field
        label="Display name"
        hint="The name the practice knows the client by; it shows on the caseload."
        maxLength={200}
        autoComplete="off"
        {...clientForm.text("displayName")}
        data-autofocus
      />
      <Field label="Baby's birth date" type="date" max={toLocalDateInput(new Date())} {...clientForm.text("babyBirthDate")} />
      <RadioGroup
        legend="Feeding method"
        name="feedingMethod"
        layout="row"
        options={Object.entries(FEEDING_METHOD_LABELS).map(([value, label]) => ({ value: value as FeedingMethod, label }))}
        value={draft.feedingMethod}
        onChange={(value) => clientForm.set("feedingMethod", value)}
        errors={clientForm.errorsFor("feedingMethod")}
      />
      <RadioGroup
        legend="Considering weaning"
        name="consideringWeaning"
        layout="row"
        options={YES_NO}
        value={draft.consideringWeaning === null ? null : draft.consideringWeaning ? "yes" : "no"}
        onChange={(value) => clientForm.set("consideringWeaning", value === "yes")}
        errors={clientForm.errorsFor("consideringWeaning")}
      />
      {choosesConsultant ? (
        <SelectField
          label="Consultant"
          placeholder="Choose…"
          hint="The consultant whose caseload this client joins."
          options={consultants.map((consultant) => ({ value: consultant.id, label: consultant.name }))}
          {...clientForm.text("primaryConsultantId")}
        />
      ) : null}
      <FormActions
        submitLabel={editing ? "Save changes" : "Add client"}
        busyLabel="Saving…"
        busy={clientForm.busy}
        onCancel={onCancel}
      />
    </form>
  );
}

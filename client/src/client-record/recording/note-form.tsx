import { useMutation } from "@tanstack/react-query";
import { NoteCreateInput } from "@wave/shared";
import { useTRPC } from "../../app/trpc";
import { checkWith } from "../../ui/form/check";
import { FormActions, FormAlert, submitOnEnter } from "../../ui/form/form-parts";
import { useRecordForm } from "../../ui/form/use-record-form";
import { TextAreaField } from "../../ui/text-area-field";
import type { SavedNotice } from "../../ui/form/form-parts";
import { useInvalidate } from "./form-parts";

export function NoteForm({
  clientId,
  onSaved,
  onCancel,
}: {
  clientId: string;
  onSaved: (notice: SavedNotice) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const create = useMutation(trpc.notes.create.mutationOptions());
  const note = useRecordForm({
    defaultValues: { body: "" },
    check: (values, { id }) => checkWith(NoteCreateInput, { id, clientId, body: values.body }),
    save: async (input) => {
      await create.mutateAsync(input);
      void invalidate(["notes", "clients"]);
      onSaved({ message: "Note added." });
    },
  });

  return (
    <form ref={note.formRef} className="recording-form" onSubmit={note.submit} onKeyDown={submitOnEnter} noValidate>
      <FormAlert message={note.formError} fieldCount={note.invalidCount} />
      <TextAreaField label="Note" hint="Ctrl+Enter saves." rows={6} maxLength={10000} {...note.text("body")} data-autofocus />
      <FormActions submitLabel="Save note" busyLabel="Saving…" busy={note.busy} onCancel={onCancel} />
    </form>
  );
}

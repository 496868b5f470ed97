import { useMutation } from "@tanstack/react-query";
import { NoteCreateInput } from "@wave/shared";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../app/trpc";
import { TextAreaField } from "../ui/text-area-field";
import { useFormErrors } from "./form-errors";
import { FormActions, FormAlert, submitOnEnter, useInvalidate, useSubmitGuard, type SavedNotice } from "./form-parts";
import { newRecordId } from "./ids";

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
  const guard = useSubmitGuard();
  const [id] = useState(newRecordId);
  const [body, setBody] = useState("");
  const errors = useFormErrors({ fields: ["body"], plainWords: { body: "Write the note" } });
  const create = useMutation(trpc.notes.create.mutationOptions());

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = errors.validate(NoteCreateInput, { id, clientId, body });
    if (!input || !guard.claim()) return;
    create.mutate(input, {
      onSuccess: () => {
        void invalidate(["notes", "clients"]);
        onSaved({ message: "Note added." });
      },
      onError: errors.showServerError,
      onSettled: guard.release,
    });
  }

  return (
    <form ref={errors.formRef} className="recording-form" onSubmit={submit} onKeyDown={submitOnEnter} noValidate>
      <FormAlert message={errors.formError} fieldCount={Object.keys(errors.fieldErrors).length} />
      <TextAreaField
        label="Note"
        hint="Ctrl+Enter saves."
        value={body}
        rows={6}
        maxLength={10000}
        onChange={(event) => {
          setBody(event.target.value);
          errors.clearField("body");
        }}
        errors={errors.errorsFor("body")}
        data-autofocus
      />
      <FormActions submitLabel="Save note" busyLabel="Saving…" busy={create.isPending} onCancel={onCancel} />
    </form>
  );
}

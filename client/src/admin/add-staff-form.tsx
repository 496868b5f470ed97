import { useMutation } from "@tanstack/react-query";
import { UserCreateInput } from "@wave/shared";
import { useTRPC } from "../app/trpc";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { checkWith } from "../ui/form/check";
import { useRecordForm } from "../ui/form/use-record-form";
import { SelectField } from "../ui/select-field";
import type { CreatedStaff, StaffMember } from "./admin-types";
import { roleLabels } from "../lib/labels";
import { useRefreshPractice } from "./use-staff";

const ROLE_OPTIONS = (["consultant", "lead"] as const).map((role) => ({ value: role, label: roleLabels[role] }));
const NO_ONE: { name: string; email: string; role: StaffMember["role"] } = { name: "", email: "", role: "consultant" };

/** Adds a consultant or lead; the server answers with a one-time temporary password. */
export function AddStaffForm({ onCreated }: { onCreated: (created: CreatedStaff) => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshPractice();
  const create = useMutation(trpc.users.create.mutationOptions());
  const staff = useRecordForm({
    defaultValues: NO_ONE,
    // The server's own schema (UserCreateInput): the same rules and words before sending as after.
    check: (values) => checkWith(UserCreateInput, { ...values, email: values.email.trim() }),
    reassure: false,
    save: async (input) => {
      const created = await create.mutateAsync(input);
      staff.reset();
      onCreated(created);
      void refresh();
    },
  });

  return (
    <form ref={staff.formRef} className="add-staff" onSubmit={staff.submit} noValidate aria-labelledby="add-staff-heading">
      <h3 id="add-staff-heading">Add a colleague</h3>
      {staff.formError ? (
        <div className="notice notice--error" role="alert" tabIndex={-1} data-form-alert>
          <p>{staff.formError}</p>
        </div>
      ) : null}
      <div className="add-staff__fields">
        <Field
          label="Name"
          name="name"
          autoComplete="off"
          {...staff.text("name")}
        />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="off"
          {...staff.text("email")}
        />
        <SelectField
          label="Role"
          name="role"
          value={staff.values.role}
          options={ROLE_OPTIONS}
          onChange={(event) => staff.set("role", event.target.value === "lead" ? "lead" : "consultant")}
          errors={staff.errorsFor("role")}
        />
        <Button type="submit" variant="primary" className="add-staff__submit" busy={staff.busy}>
          {staff.busy ? "Adding…" : "Add and create a temporary password"}
        </Button>
      </div>
    </form>
  );
}

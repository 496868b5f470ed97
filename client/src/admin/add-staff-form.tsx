import { useMutation } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { fieldErrorsOf, messageOf, useTRPC } from "../app/trpc";
import { splitServerErrors, type FieldErrors } from "../auth/server-field-errors";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { SelectField } from "../ui/select-field";
import type { CreatedStaff, StaffMember } from "./admin-types";
import { ROLE_NAMES } from "./staff";
import { useRefreshPractice } from "./use-staff";

const FIELDS = ["name", "email", "role"] as const;
const ROLE_OPTIONS = (["consultant", "lead"] as const).map((role) => ({ value: role, label: ROLE_NAMES[role] }));
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Adds a consultant or lead; the server answers with a one-time temporary password. */
export function AddStaffForm({ onCreated }: { onCreated: (created: CreatedStaff) => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshPractice();
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<StaffMember["role"]>("consultant");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [alert, setAlert] = useState<string | null>(null);

  function show(fields: FieldErrors, other: string | null) {
    setErrors(fields);
    setAlert(other);
    window.setTimeout(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-form-alert]')?.focus(), 0);
  }

  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: (created) => {
        setName("");
        setEmail("");
        setRole("consultant");
        setErrors({});
        setAlert(null);
        onCreated(created);
        void refresh();
      },
      onError: (error) => {
        const { fields, other } = splitServerErrors(fieldErrorsOf(error), messageOf(error), FIELDS);
        show(fields, other);
      },
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (create.isPending) return;
    const problems: FieldErrors = {};
    if (!name.trim()) problems.name = ["Enter the person's name"];
    if (!EMAIL.test(email.trim())) problems.email = ["Enter a valid email address, like name@example.com"];
    if (Object.keys(problems).length > 0) return show(problems, null);
    create.mutate({ name: name.trim(), email: email.trim(), role });
  }

  return (
    <form ref={formRef} className="add-staff" onSubmit={submit} noValidate aria-labelledby="add-staff-heading">
      <h3 id="add-staff-heading">Add a colleague</h3>
      {alert ? (
        <div className="notice notice--error" role="alert" tabIndex={-1} data-form-alert>
          <p>{alert}</p>
        </div>
      ) : null}
      <div className="add-staff__fields">
        <Field
          label="Name"
          name="name"
          autoComplete="off"
          value={name}
          onChange={(event) => setName(event.target.value)}
          errors={errors.name}
        />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="off"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          errors={errors.email}
        />
        <SelectField
          label="Role"
          name="role"
          value={role}
          options={ROLE_OPTIONS}
          onChange={(event) => setRole(event.target.value === "lead" ? "lead" : "consultant")}
          errors={errors.role}
        />
        <Button type="submit" variant="primary" className="add-staff__submit" busy={create.isPending}>
          {create.isPending ? "Adding…" : "Add and create a temporary password"}
        </Button>
      </div>
    </form>
  );
}

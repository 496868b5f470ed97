import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { useNavigate } from "react-router-dom";
import { fieldErrorsOf, messageOf, useTRPC } from "../app/trpc";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { usePageTitle } from "../ui/page-title";
import "./change-password.css";
import { validatePasswordChange, type PasswordChangeForm } from "./password-change";
import { splitServerErrors, type FieldErrors } from "./server-field-errors";
import { useSignedInUser } from "./signed-in-user";

const FIELDS = ["currentPassword", "newPassword", "confirmPassword"] as const;
const EMPTY: PasswordChangeForm = { currentPassword: "", newPassword: "", confirmPassword: "" };

/**
 * /change-password: where anyone signed in with a temporary password is
 * sent until they choose their own (the server refuses everything else
 * meanwhile); anyone else may use it too. Success goes to the home page.
 */
export function ChangePasswordPage() {
  usePageTitle("Choose a new password");
  const me = useSignedInUser();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const formRef = useRef<HTMLFormElement>(null);
  const [form, setForm] = useState<PasswordChangeForm>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [alert, setAlert] = useState<string | null>(null);

  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: async (user) => {
        // Everything cached was fetched (or refused) under the temporary password.
        queryClient.removeQueries({
          predicate: (query) => {
            const path: unknown = query.queryKey[0];
            return !(Array.isArray(path) && path[0] === "auth");
          },
        });
        queryClient.setQueryData(trpc.auth.me.queryKey(), user);
        await navigate("/", { replace: true, state: { passwordChanged: true } });
      },
      onError: (error) => {
        const { fields, other } = splitServerErrors(fieldErrorsOf(error), messageOf(error), FIELDS);
        show(fields, other);
      },
    }),
  );

  function show(fields: FieldErrors, other: string | null) {
    setErrors(fields);
    setAlert(other);
    // Focus the first field that needs attention, after React has marked it.
    window.setTimeout(() => {
      const target =
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? formRef.current?.querySelector<HTMLElement>("[data-form-alert]");
      target?.focus();
    }, 0);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (change.isPending) return;
    const problems = validatePasswordChange(form);
    if (Object.keys(problems).length > 0) return show(problems, null);
    setErrors({});
    setAlert(null);
    change.mutate({ currentPassword: form.currentPassword, newPassword: form.newPassword });
  }

  function update(field: keyof PasswordChangeForm, value: string) {
    setForm((current) => ({ ...current, [field]: value }));
    if (errors[field]) setErrors(({ [field]: _cleared, ...rest }) => rest);
  }

  return (
    <section className="change-password panel" aria-labelledby="change-password-heading">
      <h1 id="change-password-heading">Choose a new password</h1>
      {me.mustChangePassword ? (
        <p className="notice notice--info">
          You signed in with a temporary password from your practice lead. Choose your own password to continue: nothing else in Wave opens
          until you do.
        </p>
      ) : (
        <p className="page-header__lede">Replace your password. You stay signed in on this device.</p>
      )}
      {alert ? (
        <div className="notice notice--error" role="alert" tabIndex={-1} data-form-alert>
          <p>{alert}</p>
        </div>
      ) : null}
      <form ref={formRef} onSubmit={submit} noValidate>
        <input type="text" name="username" autoComplete="username" value={me.email} readOnly hidden />
        <Field
          label={me.mustChangePassword ? "Temporary password" : "Current password"}
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          value={form.currentPassword}
          onChange={(event) => update("currentPassword", event.target.value)}
          errors={errors.currentPassword}
        />
        <Field
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          hint="At least 12 characters. A few unrelated words make a strong password that is easy to type."
          required
          minLength={12}
          value={form.newPassword}
          onChange={(event) => update("newPassword", event.target.value)}
          errors={errors.newPassword}
        />
        <Field
          label="Confirm new password"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          required
          value={form.confirmPassword}
          onChange={(event) => update("confirmPassword", event.target.value)}
          errors={errors.confirmPassword}
        />
        <Button type="submit" variant="primary" busy={change.isPending}>
          {change.isPending ? "Changing password…" : "Change password"}
        </Button>
      </form>
    </section>
  );
}

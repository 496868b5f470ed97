import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router-dom";
import { useTRPC } from "../app/trpc";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { useRecordForm } from "../ui/form/use-record-form";
import { usePageTitle } from "../ui/page-title";
import "./change-password.css";
import { checkPasswordChange, type PasswordChangeForm } from "./password-change";
import { useSignedInUser } from "../app/signed-in-user";

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
    }),
  );
  const passwords = useRecordForm({
    defaultValues: EMPTY,
    check: checkPasswordChange,
    save: (input) => change.mutateAsync(input),
    reassure: false,
  });

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
      {passwords.formError ? (
        <div className="notice notice--error" role="alert" tabIndex={-1} data-form-alert>
          <p>{passwords.formError}</p>
        </div>
      ) : null}
      <form ref={passwords.formRef} onSubmit={passwords.submit} noValidate>
        <input type="text" name="username" autoComplete="username" value={me.email} readOnly hidden />
        <Field
          label={me.mustChangePassword ? "Temporary password" : "Current password"}
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          {...passwords.text("currentPassword")}
        />
        <Field
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          hint="At least 12 characters. A few unrelated words make a strong password that is easy to type."
          required
          minLength={12}
          {...passwords.text("newPassword")}
        />
        <Field
          label="Confirm new password"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          required
          {...passwords.text("confirmPassword")}
        />
        <Button type="submit" variant="primary" busy={passwords.busy}>
          {passwords.busy ? "Changing password…" : "Change password"}
        </Button>
      </form>
    </section>
  );
}

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { LoginInput } from "@wave/shared";
import { useLocation, useNavigate } from "react-router-dom";
import { useTRPC } from "../app/trpc";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { checkWith } from "../ui/form/check";
import { useRecordForm } from "../ui/form/use-record-form";
import { usePageTitle } from "../ui/page-title";
import { WaveMark } from "../ui/wave-mark";

/** What other pages may tell the sign-in page when they send the user here. */
export interface SignInState {
  /** Where to return after signing in. */
  from?: string;
  /** The session ended under the user (expired or revoked). */
  expired?: boolean;
}

function returnPath(state: SignInState | null): string {
  const from = state?.from;
  // Only same-app paths; never back to sign-in itself.
  return from && from.startsWith("/") && !from.startsWith("//") && !from.startsWith("/sign-in") ? from : "/caseload";
}

export function SignInPage() {
  usePageTitle("Sign in");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const state = (location.state ?? null) as SignInState | null;

  const login = useMutation(
    trpc.auth.login.mutationOptions({
      meta: { ownsUnauthorized: true },
      onSuccess: async (user) => {
        // A fresh start: nothing cached from an earlier user survives sign-in.
        queryClient.clear();
        queryClient.setQueryData(trpc.auth.me.queryKey(), user);
        await navigate(returnPath(state), { replace: true });
      },
    }),
  );

  const signIn = useRecordForm({
    defaultValues: { email: "", password: "" },
    check: (values) => checkWith(LoginInput, { ...values, email: values.email.trim() }),
    save: (input) => login.mutateAsync(input),
    reassure: false,
  });
  // Field problems are shown beside the fields; everything else in the alert.
  const alert = signIn.formError;

  return (
    <main id="main" className="sign-in" tabIndex={-1}>
      <div className="sign-in__panel">
        <p className="brand brand--large" aria-hidden="true">
          <WaveMark /> Wave
        </p>
        <h1 className="sign-in__title">Sign in to Wave</h1>
        <p className="sign-in__lede">Track DMER episodes, screenings and follow-ups across your caseload.</p>

        {state?.expired && !alert ? (
          <p className="notice notice--info" role="status">
            Your session has ended. Sign in again to continue.
          </p>
        ) : null}
        {alert ? (
          <div className="notice notice--error" role="alert">
            <p>{alert}</p>
          </div>
        ) : null}

        <form ref={signIn.formRef} className="sign-in__form" onSubmit={signIn.submit} noValidate>
          <Field
            label="Email"
            name="email"
            type="email"
            autoComplete="username"
            inputMode="email"
            required
            {...signIn.text("email")}
          />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            {...signIn.text("password")}
          />
          <Button type="submit" variant="primary" className="sign-in__submit" busy={signIn.busy}>
            {signIn.busy ? "Signing in…" : "Sign in"}
          </Button>
        </form>
      </div>
    </main>
  );
}

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import { errorCodeOf, fieldErrorsOf, messageOf, useTRPC } from "../app/trpc";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
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
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");

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

  const fieldErrors = fieldErrorsOf(login.error);
  const code = errorCodeOf(login.error);
  // Field problems are shown beside the fields; everything else in the alert.
  const alert = login.error && code !== "BAD_REQUEST" ? messageOf(login.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (login.isPending) return;
    login.mutate({ email: email.trim(), password });
  }

  return (
    <main id="main" className="sign-in" tabIndex={-1}>
      <div className="sign-in__panel">
        <p className="brand brand--large" aria-hidden="true">
          <WaveMark /> Wave
        </p>
        <h1 className="sign-in__title">Sign in to Wave</h1>
        <p className="sign-in__lede">Track DMER episodes, screenings and follow-ups across your caseload.</p>

        {state?.expired && !login.error ? (
          <p className="notice notice--info" role="status">
            Your session has ended. Sign in again to continue.
          </p>
        ) : null}
        {alert ? (
          <div className="notice notice--error" role="alert">
            <p>{alert}</p>
          </div>
        ) : null}

        <form className="sign-in__form" onSubmit={submit} noValidate>
          <Field
            label="Email"
            name="email"
            type="email"
            autoComplete="username"
            inputMode="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            errors={fieldErrors.email}
          />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            errors={fieldErrors.password}
          />
          <Button type="submit" variant="primary" className="sign-in__submit" busy={login.isPending}>
            {login.isPending ? "Signing in…" : "Sign in"}
          </Button>
        </form>
      </div>
    </main>
  );
}

import { Navigate } from "react-router-dom";
import { useMe } from "../auth/use-me";
import { ErrorMessage } from "../ui/error-message";
import { Loading } from "../ui/loading";
import { messageOf } from "../lib/server-error";

/** "/": the caseload when signed in, sign-in otherwise. */
export function HomeRedirect() {
  const meState = useMe();
  if (meState.status === "signed-in") return <Navigate to="/caseload" replace />;
  if (meState.status === "signed-out") return <Navigate to="/sign-in" replace />;
  return (
    <main id="main" className="page page--centered" tabIndex={-1}>
      {meState.status === "loading" ? (
        <Loading label="Opening Wave…" />
      ) : (
        <ErrorMessage title="Wave could not load your account" message={messageOf(meState.error)} onRetry={meState.retry} />
      )}
    </main>
  );
}

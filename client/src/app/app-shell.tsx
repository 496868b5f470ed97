import { Navigate, NavLink, Outlet, useLocation } from "react-router-dom";
import { AlertBanner } from "../alerts/alert-banner";
import type { SignInState } from "../auth/sign-in-page";
import { useMe, type Me } from "../auth/use-me";
import { useSignOut } from "../auth/use-sign-out";
import { Button } from "../ui/button";
import { ErrorMessage } from "../ui/error-message";
import { Loading } from "../ui/loading";
import { WaveMark } from "../ui/wave-mark";
import { useLiveUpdates } from "./live-updates";
import { messageOf } from "../lib/server-error";
import { SignedInUserContext } from "./signed-in-user";
import { roleLabels } from "../lib/labels";

export const CHANGE_PASSWORD_PATH = "/change-password";
export const ACCOUNT_PATH = "/account";

/** The signed-in part of the app: pages below it always have a user. */
export function AppShell() {
  const meState = useMe();
  const location = useLocation();
  useLiveUpdates();

  if (meState.status === "signed-out") {
    const state: SignInState = { from: `${location.pathname}${location.search}` };
    return <Navigate to="/sign-in" replace state={state} />;
  }
  if (meState.status !== "signed-in") {
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
  // A temporary password opens nothing else (the server answers FORBIDDEN): every page leads here first.
  if (meState.me.mustChangePassword && location.pathname !== CHANGE_PASSWORD_PATH) {
    return <Navigate to={CHANGE_PASSWORD_PATH} replace />;
  }

  return (
    <SignedInUserContext value={meState.me}>
      <AppHeader me={meState.me} />
      {/* Every page, every role: open safety alerts are never out of sight. */}
      <AlertBanner enabled={!meState.me.mustChangePassword} />
      <main id="main" className="page" tabIndex={-1}>
        <Outlet />
      </main>
    </SignedInUserContext>
  );
}

function AppHeader({ me }: { me: Me }) {
  const signOut = useSignOut();
  const restricted = me.mustChangePassword;
  return (
    <header className="app-header">
      <div className="app-header__inner">
        <NavLink to={restricted ? CHANGE_PASSWORD_PATH : "/caseload"} className="brand">
          <WaveMark />
          <span>Wave</span>
        </NavLink>
        {restricted ? null : (
          <nav className="app-nav" aria-label="Main">
            <NavLink to="/caseload" className="app-nav__link">
              Caseload
            </NavLink>
            <NavLink to="/alerts" className="app-nav__link">
              Alerts
            </NavLink>
            {me.role === "lead" ? (
              <>
                <NavLink to="/practice" className="app-nav__link">
                  Practice
                </NavLink>
                <NavLink to="/admin/staff" className="app-nav__link">
                  Staff
                </NavLink>
                <NavLink to="/admin/audit" className="app-nav__link">
                  Audit log
                </NavLink>
              </>
            ) : null}
          </nav>
        )}
        <div className="app-header__user">
          <p className="user-summary">
            <span className="visually-hidden">Signed in as </span>
            <span className="user-summary__name">{me.name}</span>
            <span className="user-summary__meta">
              <span className="visually-hidden">, </span>
              {roleLabels[me.role]} · <span className="user-summary__practice">{me.practiceName}</span>
            </span>
          </p>
          {restricted ? null : (
            <NavLink to={ACCOUNT_PATH} className="app-nav__link">
              Your account
            </NavLink>
          )}
          <Button variant="quiet" onClick={() => signOut.mutate()} busy={signOut.isPending}>
            {signOut.isPending ? "Signing out…" : "Sign out"}
          </Button>
        </div>
      </div>
    </header>
  );
}

import { Link } from "react-router-dom";
import { CHANGE_PASSWORD_PATH } from "../app/app-shell";
import { usePageTitle } from "../ui/page-title";
import "./account.css";
import { SignedInSessions } from "./signed-in-sessions";
import { useSignedInUser } from "../app/signed-in-user";
import { roleLabels } from "../lib/labels";
import { buttonClassName } from "../ui/button";

/** /account: who you are signed in as, your password, and the browsers signed in as you. */
export function AccountPage() {
  usePageTitle("Your account");
  const me = useSignedInUser();
  return (
    <div className="account">
      <div className="page-header">
        <h1>Your account</h1>
        <p className="page-header__lede">
          {me.name} · {me.email} · {roleLabels[me.role]}, {me.practiceName}
        </p>
      </div>
      <section className="panel" aria-labelledby="account-password-heading">
        <h2 id="account-password-heading">Password</h2>
        <p>Changing your password signs out every other browser signed in as you.</p>
        <Link className={buttonClassName("secondary")} to={CHANGE_PASSWORD_PATH}>
          Change password
        </Link>
      </section>
      <SignedInSessions />
    </div>
  );
}

import { useState } from "react";
import { Button } from "../ui/button";
import type { CreatedStaff } from "./admin-types";
import { roleLabels } from "../lib/labels";

/**
 * The one time a temporary password is ever shown. It lives only in this
 * component's state: leaving the page or pressing Done removes it for good.
 */
export function TemporaryPasswordPanel({ created, onDone }: { created: CreatedStaff; onDone: () => void }) {
  const [copyState, setCopyState] = useState<"idle" | "copied" | "failed">("idle");
  const { user, temporaryPassword } = created;

  async function copy() {
    try {
      await navigator.clipboard.writeText(temporaryPassword);
      setCopyState("copied");
    } catch {
      setCopyState("failed");
    }
  }

  return (
    <section className="temporary-password" aria-labelledby="temporary-password-heading" data-testid="temporary-password-panel">
      <h3 id="temporary-password-heading">
        {user.name} was added as {roleLabels[user.role].toLowerCase()}
      </h3>
      <p>
        Their temporary password for <strong>{user.email}</strong>:
      </p>
      <div className="temporary-password__row">
        <code className="temporary-password__value" data-testid="temporary-password">
          {temporaryPassword}
        </code>
        <Button variant="secondary" onClick={() => void copy()}>
          Copy password
        </Button>
        <span className="temporary-password__copied" role="status">
          {copyState === "copied" ? "Copied to the clipboard." : copyState === "failed" ? "Could not copy: select the password and copy it." : ""}
        </span>
      </div>
      <p className="temporary-password__warning">
        <strong>This password will not be shown again.</strong> Give it to {user.name} in person or by phone, not by email. They must
        choose their own password when they first sign in.
      </p>
      <Button variant="primary" onClick={onDone}>
        Done: hide the password
      </Button>
    </section>
  );
}

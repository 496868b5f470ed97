import { useState } from "react";
import { EmptyState } from "../ui/empty-state";
import { usePageTitle } from "../ui/page-title";
import { QueryState } from "../ui/query-state";
import { AlertList } from "./alert-list";
import { useRecentAlerts } from "../app/use-alerts";
import { useSignedInUser } from "../app/signed-in-user";
import { distinctClientCount, needFollowUpText } from "../lib/alert-words";

/**
 * /alerts: every safety alert the user may see. Open ones first (oldest
 * raised first, as the server orders them), then those resolved in the last
 * 30 days with the time it took to reach the client.
 */
export function AlertsPage() {
  usePageTitle("Safety alerts");
  const me = useSignedInUser();
  const query = useRecentAlerts();
  const [status, setStatus] = useState("");
  const rows = query.data?.rows;
  const open = rows?.filter((alert) => alert.resolvedAt === null) ?? [];
  const resolved = rows?.filter((alert) => alert.resolvedAt !== null) ?? [];
  const fetchedAt = query.dataUpdatedAt;

  return (
    <div className="alerts-page">
      <div className="page-header">
        <h1>Safety alerts</h1>
        <p className="page-header__lede">
          {me.role === "lead" ? `Every client at ${me.practiceName}.` : "Your clients."} Each report of thoughts of self-harm stays open
          until a follow-up reaches the client. Acknowledging says you have seen it; it does not resolve it.
        </p>
      </div>

      <p className="alerts-page__status" role="status">
        {status}
      </p>

      <QueryState query={query} what="the safety alerts" loadingLabel="Loading safety alerts…">
        {() => (
          <>
            <section className="alerts-section" aria-labelledby="open-alerts-heading">
              <h2 id="open-alerts-heading">
                Open <span className="alerts-section__count">({open.length})</span>
              </h2>
              {open.length === 0 ? (
                <EmptyState title="No open safety alerts">
                  <p>When a client reports thoughts of self-harm, the alert appears here and on every caseload view.</p>
                </EmptyState>
              ) : (
                <>
                  <p className="alerts-section__summary">{needFollowUpText(distinctClientCount(open))}.</p>
                  <AlertList alerts={open} now={fetchedAt} onAcknowledged={setStatus} />
                </>
              )}
            </section>

            <section className="alerts-section" aria-labelledby="resolved-alerts-heading">
              <h2 id="resolved-alerts-heading">
                Resolved in the last 30 days <span className="alerts-section__count">({resolved.length})</span>
              </h2>
              {resolved.length === 0 ? (
                <EmptyState title="No alerts resolved in the last 30 days" />
              ) : (
                <AlertList alerts={resolved} now={fetchedAt} />
              )}
            </section>
          </>
        )}
      </QueryState>
    </div>
  );
}

import { Link } from "react-router-dom";
import { messageOf } from "../lib/server-error";
import { Dialog } from "../ui/dialog";
import { EmptyState } from "../ui/empty-state";
import { ErrorMessage } from "../ui/error-message";
import { Loading } from "../ui/loading";
import { AlertList } from "./alert-list";
import { useOpenAlerts } from "../app/use-alerts";
import { distinctClientCount, needFollowUpText } from "../lib/alert-words";

/**
 * The clients behind the lead's urgent tile: each open alert with when it
 * was raised, the consultant, and whether anyone has acknowledged it. Scoped
 * to one consultant when the dashboard is.
 */
export function OpenAlertsDialog({ consultantId, onClose }: { consultantId: string | null; onClose: () => void }) {
  const query = useOpenAlerts();
  const alerts = query.data?.rows.filter((alert) => consultantId === null || alert.consultantId === consultantId);
  return (
    <Dialog title="Open safety alerts" subtitle="Clients awaiting same-day follow-up" onClose={onClose} wide>
      <div className="open-alerts" data-testid="open-alerts">
        {query.isPending ? <Loading label="Finding the open alerts…" /> : null}
        {query.isError ? (
          <ErrorMessage
            title="We couldn't list the open alerts"
            message={messageOf(query.error)}
            onRetry={() => void query.refetch()}
            retrying={query.isFetching}
          />
        ) : null}
        {alerts && alerts.length === 0 ? <EmptyState title="No open safety alerts" /> : null}
        {alerts && alerts.length > 0 ? (
          <>
            <p className="open-alerts__count" role="status">
              {needFollowUpText(distinctClientCount(alerts))}.
            </p>
            <AlertList alerts={alerts} now={query.dataUpdatedAt} />
          </>
        ) : null}
        <p className="open-alerts__more">
          <Link to="/alerts">Open the alert list</Link> for resolved alerts and the time each took to follow up.
        </p>
      </div>
    </Dialog>
  );
}

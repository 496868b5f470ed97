import { Link } from "react-router-dom";
import { useOpenAlerts } from "../app/use-alerts";
import { distinctClientCount, needFollowUpText } from "../lib/alert-words";

/**
 * On every signed-in page: how many clients the user can see have an open
 * safety alert, linking to the alert list. The count is operational, never
 * small-cell suppressed. The live region is always in the page (empty when
 * there is nothing open), so a screen reader announces the banner the moment
 * an alert appears.
 */
export function AlertBanner({ enabled }: { enabled: boolean }) {
  const alerts = useOpenAlerts({ enabled });
  const rows = enabled ? (alerts.data?.rows ?? []) : [];
  const count = distinctClientCount(rows);
  const unacknowledged = distinctClientCount(rows.filter((alert) => alert.acknowledgedAt === null));
  return (
    <div className="alert-banner-region" role="status" aria-live="polite" data-testid="alert-banner-region">
      {count > 0 ? (
        <div className="alert-banner" data-testid="alert-banner">
          <div className="alert-banner__inner">
            <span className="alert-banner__icon" aria-hidden="true">
              !
            </span>
            <Link to="/alerts" className="alert-banner__link">
              {needFollowUpText(count)}
            </Link>
            {unacknowledged > 0 ? (
              <span className="alert-banner__detail">
                {unacknowledged === count ? "Not yet acknowledged" : `${unacknowledged} not yet acknowledged`}
              </span>
            ) : null}
          </div>
        </div>
      ) : null}
    </div>
  );
}

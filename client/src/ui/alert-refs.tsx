import type { AlertRef } from "../lib/alert-types";
import { acknowledgementText, alertSourceText } from "../lib/alert-words";

/**
 * What raised a client's open alerts and whether anyone has seen them, as
 * plain visible text: "Raised by EPDS item 10 (answered 'Sometimes') on
 * 1 Dec 2026 · Not yet acknowledged".
 */
export function AlertRefList({ alerts }: { alerts: readonly AlertRef[] }) {
  if (alerts.length === 0) return null;
  return (
    <ul className="alert-refs" data-testid="alert-refs">
      {alerts.map((alert) => (
        <li key={alert.alertId} className="alert-refs__item">
          <span className="alert-refs__source">Raised by {alertSourceText(alert)}</span>
          <span className={alert.acknowledgedAt ? "alert-refs__ack" : "alert-refs__ack alert-refs__ack--pending"}>
            {acknowledgementText(alert)}
          </span>
        </li>
      ))}
    </ul>
  );
}

import { useId } from "react";
import { Link } from "react-router-dom";
import { messageOf } from "../lib/server-error";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { useAcknowledgeAlert } from "../app/use-alerts";
import { type SafetyAlert } from "../lib/alert-types";
import { acknowledgementText, alertSourceText, formatAlertTime, formatDuration, timeToFollowUp } from "../lib/alert-words";

function When({ iso }: { iso: string }) {
  return <time dateTime={iso}>{formatAlertTime(iso)}</time>;
}

/** "Acknowledge": I have seen it. It never resolves the alert (only a follow-up that reached the client does). */
export function AcknowledgeButton({ alert, onAcknowledged }: { alert: SafetyAlert; onAcknowledged?: (message: string) => void }) {
  const acknowledge = useAcknowledgeAlert();
  const errorId = useId();
  return (
    <span className="alert-acknowledge">
      <Button
        variant="secondary"
        busy={acknowledge.isPending}
        aria-describedby={acknowledge.isError ? errorId : undefined}
        onClick={() =>
          acknowledge.mutate(
            { alertId: alert.alertId },
            { onSuccess: (saved) => onAcknowledged?.(`${acknowledgementText(saved)}: ${saved.displayName}'s alert.`) },
          )
        }
      >
        {acknowledge.isPending ? "Acknowledging…" : "Acknowledge"}
        <span className="visually-hidden"> {alert.displayName}&apos;s alert</span>
      </Button>
      {acknowledge.isError ? (
        <span id={errorId} className="field__error" role="alert">
          {messageOf(acknowledge.error)}
        </span>
      ) : null}
    </span>
  );
}

/**
 * Safety alerts as cards: who, what raised it, when, whose client, and
 * whether it was seen (open ones) or how soon it was followed up (resolved
 * ones). Cards stack on a phone and sit in rows on a wide screen.
 */
export function AlertList({
  alerts,
  now,
  canAcknowledge = true,
  onAcknowledged,
}: {
  alerts: readonly SafetyAlert[];
  /** When the list was fetched: "open for" is measured from it. */
  now: number;
  canAcknowledge?: boolean;
  onAcknowledged?: (message: string) => void;
}) {
  return (
    <ol className="alert-list">
      {alerts.map((alert) => {
        const open = alert.resolvedAt === null;
        return (
          <li key={alert.alertId} className={open ? "alert-item alert-item--open" : "alert-item"} data-testid="alert-item">
            <div className="alert-item__head">
              <Link to={`/clients/${alert.clientId}`} className="alert-item__client">
                {alert.displayName}
              </Link>
              {open ? <Badge tone="urgent">Open: same-day follow-up</Badge> : <Badge tone="good">Resolved</Badge>}
            </div>
            <p className="alert-item__source">Raised by {alertSourceText(alert)}</p>
            <dl className="alert-item__facts">
              <div>
                <dt>Raised</dt>
                <dd>
                  <When iso={alert.raisedAt} />
                  {open ? <span className="muted"> (open {formatDuration(now - Date.parse(alert.raisedAt))})</span> : null}
                </dd>
              </div>
              <div>
                <dt>Consultant</dt>
                <dd>{alert.consultantName}</dd>
              </div>
              <div>
                <dt>Acknowledged</dt>
                <dd data-testid="alert-acknowledgement">
                  {alert.acknowledgedAt ? (
                    acknowledgementText(alert)
                  ) : open && canAcknowledge ? (
                    <>
                      <span className="muted">Not yet acknowledged</span> <AcknowledgeButton alert={alert} onAcknowledged={onAcknowledged} />
                    </>
                  ) : (
                    <span className="muted">Not acknowledged</span>
                  )}
                </dd>
              </div>
              {open ? null : (
                <>
                  <div>
                    <dt>Resolved</dt>
                    <dd>
                      {alert.resolvedAt ? <When iso={alert.resolvedAt} /> : null}
                      {alert.resolvedByName ? `, by ${alert.resolvedByName}` : null}
                    </dd>
                  </div>
                  <div>
                    <dt>Time to follow-up</dt>
                    <dd data-testid="alert-time-to-follow-up">{timeToFollowUp(alert)}</dd>
                  </div>
                </>
              )}
            </dl>
          </li>
        );
      })}
    </ol>
  );
}

import { useMutation, useQuery } from "@tanstack/react-query";
import { describeAlertSource } from "@wave/shared";
import { useTRPC } from "../../app/trpc";
import { messageOf } from "../../lib/server-error";
import { useInvalidate } from "../recording/form-parts";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import type { ClientRecord, EpisodeRecord, ScreeningRecord } from "./review-types";
import { recordAnchor, revealRecord } from "./reveal-record";
import { formatDate, formatDateTime } from "../../lib/dates";
import { flagLabels } from "../../lib/labels";
import { FLAG_TONES } from "../../ui/clinical-labels";

type FlagDetail = ClientRecord["summary"]["flagDetails"][number];
type AlertRef = FlagDetail["alerts"][number];

/** Dates in the reader's time zone, as the rest of the page shows them. */
const LOCAL_FORMAT = { date: formatDate, dateTime: formatDateTime };

/**
 * Each flag with why it is raised and since when; self-harm first and
 * unmistakable (the server orders by attention), with every open safety alert
 * it rests on: what raised it, a link to that record, and who has seen it.
 */
export function FlagList({ clientId, flags }: { clientId: string; flags: readonly FlagDetail[] }) {
  if (flags.length === 0) {
    return <p className="review-flags review-flags--none">No flags: nothing needs urgent attention.</p>;
  }
  return (
    <div className="review-flags">
      <h2 className="review-flags__title">Flags</h2>
      <ul className="review-flags__list">
        {flags.map((flag) => (
          <li key={flag.flag} className={flag.flag === "self_harm" ? "review-flag review-flag--urgent" : "review-flag"}>
            <div className="review-flag__line">
              <Badge tone={FLAG_TONES[flag.flag]}>{flagLabels[flag.flag]}</Badge>
              <span className="review-flag__reason">{flag.reason}</span>
              {flag.since ? (
                <span className="review-flag__since">
                  since{" "}
                  <time dateTime={flag.since} title={formatDateTime(flag.since)}>
                    {formatDate(flag.since)}
                  </time>
                </span>
              ) : null}
            </div>
            {flag.alerts.length > 0 ? <AlertList clientId={clientId} alerts={flag.alerts} /> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The open alerts behind the self-harm flag, oldest first (the server's order). */
function AlertList({ clientId, alerts }: { clientId: string; alerts: readonly AlertRef[] }) {
  const trpc = useTRPC();
  // The same queries as the page's sections: the details come from the cache, not a second request.
  const episodes = useQuery(trpc.episodes.list.queryOptions({ clientId }));
  const screenings = useQuery(trpc.screenings.list.queryOptions({ clientId }));
  return (
    <>
      <ul className="review-alerts" aria-label={alerts.length === 1 ? "Open safety alert" : `${alerts.length} open safety alerts`}>
        {alerts.map((alert) => (
          <AlertItem
            key={alert.alertId}
            alert={alert}
            episode={alert.source === "epds" ? undefined : episodes.data?.find((episode) => episode.id === alert.sourceId)}
            screening={alert.source === "epds" ? screenings.data?.find((screening) => screening.id === alert.sourceId) : undefined}
          />
        ))}
      </ul>
      <p className="review-alerts__hint no-print">
        Acknowledge marks an alert as seen. It stays open until a follow-up that reached the client is recorded.
      </p>
    </>
  );
}

function AlertItem({
  alert,
  episode,
  screening,
}: {
  alert: AlertRef;
  episode: EpisodeRecord | undefined;
  screening: ScreeningRecord | undefined;
}) {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const acknowledge = useMutation(trpc.alerts.acknowledge.mutationOptions());
  const anchor = recordAnchor(alert.source === "epds" ? "epds" : "episode", alert.sourceId);
  const source = describeAlertSource(alert, LOCAL_FORMAT);
  const detail = episode
    ? `intensity ${episode.intensity} (${episode.band})`
    : screening
      ? `EPDS total ${screening.total} of 30`
      : null;

  return (
    <li className="review-alert" data-testid="safety-alert">
      <div className="review-alert__line">
        <a
          className="review-alert__source"
          href={`#${anchor}`}
          onClick={(event) => {
            event.preventDefault();
            revealRecord(anchor);
          }}
        >
          {source}
        </a>
        {detail ? <span className="review-alert__detail">{detail}</span> : null}
        <span className="review-alert__raised">
          raised{" "}
          <time dateTime={alert.raisedAt} title={formatDateTime(alert.raisedAt)}>
            {formatDateTime(alert.raisedAt)}
          </time>
        </span>
        {alert.acknowledgedAt ? (
          <span className="review-alert__ack review-alert__ack--seen">
            Acknowledged{alert.acknowledgedByName ? ` by ${alert.acknowledgedByName}` : ""},{" "}
            <time dateTime={alert.acknowledgedAt}>{formatDateTime(alert.acknowledgedAt)}</time>
          </span>
        ) : (
          <>
            <span className="review-alert__ack">Not yet acknowledged</span>
            <Button
              variant="quiet"
              className="review-alert__acknowledge no-print"
              busy={acknowledge.isPending}
              onClick={() =>
                acknowledge.mutate(
                  { alertId: alert.alertId },
                  { onSuccess: () => void invalidate(["clients", "caseload", "alerts"]) },
                )
              }
            >
              {acknowledge.isPending ? "Acknowledging…" : "Acknowledge"}
              <span className="visually-hidden"> alert: {source}</span>
            </Button>
          </>
        )}
      </div>
      {/* The note that came with the report is printed whole: the brief never cuts it short. */}
      {episode?.notes ? <p className="review-alert__note">Note: {episode.notes}</p> : null}
      {acknowledge.isError ? (
        <p className="review-alert__error" role="alert">
          We couldn't acknowledge this alert. {messageOf(acknowledge.error)}
        </p>
      ) : null}
    </li>
  );
}

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../../app/trpc";
import { messageOf } from "../../lib/server-error";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { EmptyState } from "../../ui/empty-state";
import { ErrorMessage } from "../../ui/error-message";
import { Loading } from "../../ui/loading";
import { followUpOutcomeWords } from "../recording/labels";
import { PRINT_ROWS, PrintNote } from "./print-note";
import { ReviewSection } from "./review-section";
import { buildTimeline, type TimelineItem } from "./timeline-items";
import { formatDate, formatDateTime } from "../../lib/dates";

/**
 * Notes and follow-ups in one list. The two queries fail separately: what
 * loaded is shown, with an error and a retry for what did not.
 */
/** The latest entries answer "what happened lately"; older ones are one click away. */
const TIMELINE_SHOWN_FIRST = 8;

export function Timeline({ clientId }: { clientId: string }) {
  const trpc = useTRPC();
  const [showAll, setShowAll] = useState(false);
  const notes = useQuery(trpc.notes.list.queryOptions({ clientId }));
  const followUps = useQuery(trpc.followUps.list.queryOptions({ clientId }));
  const failures = [
    { what: "notes", query: notes },
    { what: "follow-ups", query: followUps },
  ].filter(({ query }) => query.data === undefined && query.isError);
  const loading = notes.isPending || followUps.isPending;
  // "Overdue" is judged against when the follow-ups were fetched, as the server's flag is.
  const items = buildTimeline(notes.data ?? [], followUps.data ?? [], followUps.dataUpdatedAt);

  return (
    <ReviewSection id="timeline" title="Notes and follow-ups" className="review-timeline">
      {failures.map(({ what, query }) => (
        <ErrorMessage
          key={what}
          title={`We couldn't load the ${what}`}
          message={messageOf(query.error)}
          onRetry={() => void query.refetch()}
          retrying={query.isFetching}
        />
      ))}
      {loading && failures.length === 0 ? (
        <Loading label="Loading notes and follow-ups…" />
      ) : !loading && failures.length === 0 && items.length === 0 ? (
        <EmptyState title="No notes or follow-ups yet">
          <p>Notes and scheduled follow-ups appear here, newest first.</p>
        </EmptyState>
      ) : items.length > 0 ? (
        <>
          <ol id="timeline-entries" className="timeline" aria-label="Notes and follow-ups, newest first">
            {(showAll ? items : items.slice(0, TIMELINE_SHOWN_FIRST)).map((item) => (
              <TimelineEntry key={item.key} item={item} />
            ))}
          </ol>
          <PrintNote shown={PRINT_ROWS.timeline} total={items.length} noun="notes and follow-ups" />
          {items.length > TIMELINE_SHOWN_FIRST ? (
            <p className="review-table-more no-print">
              <Button onClick={() => setShowAll((value) => !value)} aria-expanded={showAll} aria-controls="timeline-entries">
                {showAll ? `Show the latest ${TIMELINE_SHOWN_FIRST}` : `Show all ${items.length}`}
              </Button>
            </p>
          ) : null}
        </>
      ) : null}
    </ReviewSection>
  );
}

function When({ iso }: { iso: string }) {
  return (
    <time className="timeline__when" dateTime={iso} title={formatDateTime(iso)}>
      {formatDate(iso)}
    </time>
  );
}

function TimelineEntry({ item }: { item: TimelineItem }) {
  if (item.type === "note") {
    return (
      <li className="timeline__item timeline__item--note" data-testid="timeline-item">
        <When iso={item.at} />
        <div className="timeline__body">
          <p className="timeline__title">
            Note <span className="timeline__by">by {item.note.authorName}</span>
          </p>
          <p className="timeline__text">{item.note.body}</p>
        </div>
      </li>
    );
  }
  const { followUp, status } = item;
  // An attempt that did not reach the client keeps any alert open: it reads differently from a contact.
  const notReached = followUp.outcome === "not_reached";
  return (
    <li
      className={`timeline__item timeline__item--${status}${notReached ? " timeline__item--not-reached" : ""}`}
      data-testid="timeline-item"
    >
      <When iso={item.at} />
      <div className="timeline__body">
        <p className="timeline__title">
          {status === "completed" ? (
            <>
              {followUpOutcomeWords(followUp.outcome, followUp.contact)}{" "}
              {followUp.completedByName ? <span className="timeline__by">by {followUp.completedByName}</span> : null}
              {notReached ? <Badge tone="warning">Not reached</Badge> : null}
              {followUp.resolvedAlerts > 0 ? (
                <Badge tone="good">
                  {followUp.resolvedAlerts === 1 ? "Resolved the safety alert" : `Resolved ${followUp.resolvedAlerts} safety alerts`}
                </Badge>
              ) : null}
            </>
          ) : (
            <>
              Follow-up due{" "}
              {status === "overdue" ? <Badge tone="danger">Open · overdue</Badge> : <Badge tone="info">Open</Badge>}
            </>
          )}
        </p>
        {followUp.notes ? <p className="timeline__text">{followUp.notes}</p> : null}
      </div>
    </li>
  );
}

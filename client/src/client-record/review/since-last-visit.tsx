import type { UseQueryResult } from "@tanstack/react-query";
import { QueryContent, ReviewSection } from "./review-section";
import type { ClientRecord } from "./review-types";
import { formatDate, formatDateTime } from "../../lib/dates";
import { formatChange, formatIntensity, plural } from "../../lib/format";
import { flagLabels } from "../../lib/labels";

type VisitChanges = ClientRecord["sinceLastVisit"];

/** The change in mean intensity in words as well as numbers; lower is better for DMER. */
function meanChange(then: number | null, now: number | null): string | null {
  if (then === null || now === null) return null;
  const change = now - then;
  if (Math.abs(change) < 0.05) return "no change";
  return `${formatChange(change)}, ${change < 0 ? "lower" : "higher"}`;
}

/** What changed since the last completed follow-up: the first thing to read before the next one. */
export function SinceLastVisit({ record }: { record: UseQueryResult<ClientRecord, unknown> }) {
  return (
    <ReviewSection id="since-last-visit" title="Since last visit" className="review-since">
      <QueryContent query={record} what="what changed since the last visit">
        {(client) => <SinceLastVisitFacts since={client.sinceLastVisit} />}
      </QueryContent>
    </ReviewSection>
  );
}

function SinceLastVisitFacts({ since }: { since: VisitChanges }) {
  const visited = since.lastVisitAt !== null;
  const change = meanChange(since.meanThen, since.meanNow);
  return (
    <>
      {since.lastVisitAt ? (
        <p className="review-since__lede">
          The last completed follow-up was on{" "}
          <time dateTime={since.lastVisitAt} title={formatDateTime(since.lastVisitAt)}>
            {formatDate(since.lastVisitAt)}
          </time>
          .
        </p>
      ) : (
        <p className="review-since__lede review-since__lede--first">
          No visit yet: no follow-up has been completed, so these figures cover everything recorded so far.
        </p>
      )}
      <dl className="review-since__facts">
        <div>
          <dt>{visited ? "Episodes since the visit" : "Episodes so far"}</dt>
          <dd>{since.episodes}</dd>
        </div>
        <div>
          <dt>Outcomes recorded</dt>
          <dd>{since.outcomesRecorded === 0 ? "None" : plural(since.outcomesRecorded, "outcome")}</dd>
        </div>
        {visited ? (
          <>
            <div>
              <dt>Mean intensity then</dt>
              <dd>
                {formatIntensity(since.meanThen)}
                <span className="review-since__hint">the 14 days before the visit</span>
              </dd>
            </div>
            <div>
              <dt>Mean intensity now</dt>
              <dd>
                {formatIntensity(since.meanNow)}
                {change ? <span className="review-since__change"> ({change})</span> : null}
                <span className="review-since__hint">since the visit</span>
              </dd>
            </div>
          </>
        ) : (
          <div>
            <dt>Mean intensity</dt>
            <dd>
              {formatIntensity(since.meanNow)}
              <span className="review-since__hint">all episodes so far</span>
            </dd>
          </div>
        )}
        <div className="review-since__wide">
          <dt>{visited ? "New flags" : "Flags"}</dt>
          <dd>
            {since.newFlags.length === 0 ? (
              "None"
            ) : (
              <ul className="review-since__flags">
                {since.newFlags.map((flag) => (
                  <li key={flag.flag}>{flagLabels[flag.flag]}</li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
    </>
  );
}

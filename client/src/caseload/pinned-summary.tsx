import { Link } from "react-router-dom";
import { needFollowUpText, outsideFilterText, URGENT_LEGEND } from "../lib/alert-words";

/**
 * Above the caseload whenever a client has an open safety alert: how many,
 * why their rows are red, that they stay first whatever the view, and when
 * the current filter or search would otherwise have left one out.
 */
export function PinnedSummary({
  pinned,
  outsideFilter,
}: {
  pinned: number;
  /** caseload.list's pinnedOutsideFilter: pinned clients the search or filters do not match. */
  outsideFilter: number;
}) {
  if (pinned === 0) return null;
  return (
    <section className="pinned-summary" aria-labelledby="pinned-summary-heading" data-testid="pinned-summary">
      <h2 id="pinned-summary-heading" className="pinned-summary__title">
        <span className="pinned-summary__icon" aria-hidden="true">
          !
        </span>
        {needFollowUpText(pinned)}
      </h2>
      <p className="pinned-summary__legend">
        <span className="urgent-swatch" aria-hidden="true" /> {URGENT_LEGEND}.
      </p>
      <p className="pinned-summary__note">
        {pinned === 1 ? "This client is" : "These clients are"} pinned first whatever the sort, filter, search or page, and not repeated
        in the rows below.
      </p>
      {outsideFilter > 0 ? (
        <div className="pinned-summary__outside" data-testid="pinned-outside-filter">
          <p>
            {outsideFilterText(outsideFilter)}, but {outsideFilter === 1 ? "stays" : "stay"} pinned above.
          </p>
          <p className="pinned-summary__actions">
            <Link to="/alerts">See every open alert</Link>
          </p>
        </div>
      ) : null}
    </section>
  );
}

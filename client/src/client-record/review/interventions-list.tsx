import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../app/trpc";
import { EditInterventionButton } from "../recording/edit-intervention-button";
import { PRINT_ROWS, PrintNote } from "./print-note";
import { QueryContent, ReviewSection } from "./review-section";
import type { InterventionRecord, InterventionWindow } from "./review-types";
import { formatDate, formatDateTime } from "../../lib/dates";
import { formatChange, plural } from "../../lib/format";
import { interventionKindLabels, outcomeLabels } from "../../lib/labels";
import { DateCell } from "../../ui/clinical-labels";
import { Table } from "../../ui/table";

/** Newest first, as on the rest of the page; the server sends them in start order. */
function newestFirst(interventions: readonly InterventionRecord[]): InterventionRecord[] {
  return [...interventions].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
}

export function InterventionsList({ clientId }: { clientId: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.interventions.list.queryOptions({ clientId }));
  return (
    <ReviewSection id="interventions" title="Interventions and outcomes" className="review-interventions">
      <QueryContent
        query={query}
        what="interventions"
        isEmpty={(interventions) => interventions.length === 0}
        emptyTitle="No interventions recorded yet"
        emptyBody={<p>Education is the first step for every band.</p>}
      >
        {(interventions) => (
          <>
            <div className="review-table-scroll" role="region" aria-labelledby="interventions-caption" tabIndex={0}>
              <Table className="review-table review-table--interventions" data-testid="interventions-table">
                <caption id="interventions-caption" className="review-table__caption">
                  Mean intensity in the 14 days before each intervention started and the 14 days after, with the number of
                  episodes behind each mean. Fewer than 3 episodes is not enough data. Lower is better.
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Intervention</th>
                    <th scope="col">Started</th>
                    <th scope="col" className="numeric">
                      Before (14 days)
                    </th>
                    <th scope="col" className="numeric">
                      After (14 days)
                    </th>
                    <th scope="col" className="numeric">
                      Change
                    </th>
                    <th scope="col">Outcomes</th>
                    <th scope="col" className="no-print">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {newestFirst(interventions).map((intervention) => (
                    <InterventionRow key={intervention.id} intervention={intervention} />
                  ))}
                </tbody>
              </Table>
            </div>
            <PrintNote shown={PRINT_ROWS.interventions} total={interventions.length} noun="interventions" />
          </>
        )}
      </QueryContent>
    </ReviewSection>
  );
}

function InterventionRow({ intervention }: { intervention: InterventionRecord }) {
  const { before, after } = intervention;
  return (
    <tr data-testid="intervention-row">
      <th scope="row" className="review-intervention__kind">
        {interventionKindLabels.short[intervention.kind]}
        {intervention.details ? <span className="review-table__note">{intervention.details}</span> : null}
      </th>
      <td className="nowrap-cell">
        <DateCell iso={intervention.startedAt} emptyLabel="" />
        <span className="review-table__note">
          {intervention.endedAt ? (
            <>
              ended <time dateTime={intervention.endedAt}>{formatDate(intervention.endedAt)}</time>
            </>
          ) : (
            "ongoing"
          )}
        </span>
      </td>
      <td className="numeric nowrap-cell">
        <WindowMean window={before} />
      </td>
      <td className="numeric nowrap-cell">
        <WindowMean window={after} />
      </td>
      <td className="numeric nowrap-cell">
        <MeanChange before={before} after={after} />
      </td>
      <td>
        <Outcomes outcomes={intervention.outcomes} />
      </td>
      <td className="no-print">
        <EditInterventionButton intervention={intervention} />
      </td>
    </tr>
  );
}

/** A window's mean with the episodes behind it; below 3 episodes the mean would mislead, so it is withheld. */
function WindowMean({ window }: { window: InterventionWindow }) {
  if (!window.enough || window.mean === null) {
    return (
      <span className="window-mean window-mean--thin">
        Not enough data
        <span className="review-table__note">{window.count === 0 ? "no episodes" : plural(window.count, "episode")}</span>
      </span>
    );
  }
  return (
    <span className="window-mean">
      <span className="window-mean__value">{window.mean.toFixed(1)}</span>
      <span className="review-table__note">from {plural(window.count, "episode")}</span>
    </span>
  );
}

/** After minus before, only when both sides have enough episodes; lower is better. */
function MeanChange({ before, after }: { before: InterventionWindow; after: InterventionWindow }) {
  if (!before.enough || !after.enough || before.mean === null || after.mean === null) {
    return (
      <span className="muted">
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">Not enough data for a change</span>
      </span>
    );
  }
  const change = after.mean - before.mean;
  const direction = Math.abs(change) < 0.05 ? "no change" : change < 0 ? "lower" : "higher";
  return (
    <span className={`mean-change mean-change--${direction.replace(" ", "-")}`}>
      <span className="mean-change__value">{formatChange(change)}</span>
      <span className="review-table__note">{direction}</span>
    </span>
  );
}

function Outcomes({ outcomes }: { outcomes: InterventionRecord["outcomes"] }) {
  if (outcomes.length === 0) return <span className="muted">No outcome recorded yet</span>;
  return (
    <ul className="review-outcomes">
      {outcomes.map((outcome) => (
        <li key={outcome.id}>
          <span className={`outcome outcome--${outcome.outcome}`}>{outcomeLabels.long[outcome.outcome]}</span>{" "}
          <span className="review-table__note review-table__note--inline">
            <time dateTime={outcome.assessedAt} title={formatDateTime(outcome.assessedAt)}>
              {formatDate(outcome.assessedAt)}
            </time>
            , {outcome.recordedByName}
          </span>
          {outcome.notes ? <span className="review-outcomes__notes">{outcome.notes}</span> : null}
        </li>
      ))}
    </ul>
  );
}

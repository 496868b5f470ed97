import { Button } from "../../ui/button";
import { FlagList } from "./flag-list";
import { ReviewPrompts } from "./review-prompts";
import type { ClientRecord } from "./review-types";
import "./review.css";
import { formatDate } from "../../lib/dates";
import { formatIntensity, plural } from "../../lib/format";
import { feedingMethodLabels } from "../../lib/labels";
import { BandLabel, FollowUpCell, TrendLabel } from "../../ui/clinical-labels";

export interface ClientHeaderProps {
  client: ClientRecord;
  /** When the record was fetched: "overdue" is judged against it, as the server's flags are. */
  fetchedAt: number;
}

/** Who the client is and what needs attention: the top of the pre-visit brief. */
export function ClientHeader({ client, fetchedAt }: ClientHeaderProps) {
  const { summary } = client;
  const printedOn = formatDate(new Date(fetchedAt).toISOString());
  return (
    <div className="panel review-header">
      <div className="review-header__top">
        <div className="review-header__title">
          <p className="review-header__eyebrow">
            Client review
            <span className="print-only">
              {" "}
              · pre-visit brief, {printedOn} · Consultant: {client.consultantName}
            </span>
          </p>
          <h1>{client.displayName}</h1>
          <p className="review-header__lede">
            {plural(summary.postpartumWeeks, "week")} postpartum · {feedingMethodLabels[client.feedingMethod]} · Consultant:{" "}
            {client.consultantName}
            {client.status === "discharged" ? " · Discharged" : ""}
          </p>
        </div>
        <div className="review-header__actions no-print">
          <Button onClick={() => window.print()}>Print brief</Button>
        </div>
      </div>

      <dl className="review-facts">
        <div>
          <dt>Baby's age</dt>
          <dd>
            {plural(summary.postpartumWeeks, "week")} postpartum{" "}
            <span className="review-facts__aside">(born {formatDate(`${client.babyBirthDate}T00:00:00`)})</span>
          </dd>
        </div>
        <div>
          <dt>Feeding</dt>
          <dd>
            {feedingMethodLabels[client.feedingMethod]}
            {client.consideringWeaning ? <span className="review-facts__aside"> · considering weaning</span> : null}
          </dd>
        </div>
        <div>
          <dt>Current band</dt>
          <dd>
            <BandLabel band={summary.band} />{" "}
            {summary.meanIntensity30d !== null ? (
              <span className="review-facts__aside">mean {formatIntensity(summary.meanIntensity30d)} over 30 days</span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Trend</dt>
          <dd>
            <TrendLabel trend={summary.trend} />
          </dd>
        </div>
        <div>
          <dt>Next follow-up</dt>
          <dd>
            <FollowUpCell iso={client.nextFollowUpAt} now={fetchedAt} />
          </dd>
        </div>
        {/* On paper the consultant is named in the line above the name, so the facts fit one row. */}
        <div className="review-facts__consultant">
          <dt>Assigned consultant</dt>
          <dd>{client.consultantName}</dd>
        </div>
      </dl>

      <FlagList clientId={client.clientId} flags={summary.flagDetails} />
      <ReviewPrompts prompts={client.prompts} />
    </div>
  );
}


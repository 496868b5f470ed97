import { useState } from "react";
import { Link } from "react-router-dom";
import { EpisodeForm } from "../app/lent-components";
import type { SavedNotice } from "../ui/form/form-parts";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import type { CaseloadRow } from "./caseload-types";
import { formatIntensity } from "../lib/format";
import { BandLabel, FlagTextList, FollowUpCell, TrendLabel } from "../ui/clinical-labels";

interface CardProps {
  row: CaseloadRow;
  now: number;
  showConsultant: boolean;
  pinned: boolean;
  onRecord: (row: CaseloadRow) => void;
}

/**
 * One client on a phone: name, band, trend, next follow-up and every flag in
 * words, and Record episode within a thumb's reach (the client's page puts
 * its recording actions below the review).
 */
function CaseloadCard({ row, now, showConsultant, pinned, onRecord }: CardProps) {
  const urgent = row.flags.includes("self_harm");
  const className = ["caseload-card", urgent ? "caseload-row--urgent" : null, pinned ? "caseload-card--pinned" : null].filter(Boolean).join(" ");
  return (
    <li className={className} data-testid="caseload-row" data-pinned={pinned ? "true" : undefined}>
      <div className="caseload-card__head">
        <Link className="client-link caseload-card__name" to={`/clients/${row.clientId}`}>
          {row.displayName}
        </Link>
        <BandLabel band={row.band} />
      </div>
      {showConsultant ? <p className="caseload-card__consultant">{row.consultantName}</p> : null}
      <dl className="caseload-card__facts">
        <div>
          <dt>Trend</dt>
          <dd>
            <TrendLabel trend={row.trend} />
          </dd>
        </div>
        <div>
          <dt>Next follow-up</dt>
          <dd>
            <FollowUpCell iso={row.nextFollowUpAt} now={now} />
          </dd>
        </div>
        <div>
          <dt>Mean intensity 30d</dt>
          <dd>{formatIntensity(row.meanIntensity30d)}</dd>
        </div>
        <div>
          <dt>Episodes 7d</dt>
          <dd>{row.episodes7d}</dd>
        </div>
      </dl>
      <FlagTextList details={row.flagDetails} />
      <Button variant={urgent ? "primary" : "secondary"} className="caseload-card__record" aria-haspopup="dialog" onClick={() => onRecord(row)}>
        Record episode<span className="visually-hidden"> for {row.displayName}</span>
      </Button>
    </li>
  );
}

/** The caseload as cards: the pinned clients first, then the page as sorted and filtered. */
export function CaseloadCards({
  pinned,
  rows,
  now,
  showConsultant,
  sortDescription,
}: {
  pinned: readonly CaseloadRow[];
  rows: readonly CaseloadRow[];
  now: number;
  showConsultant: boolean;
  sortDescription: string;
}) {
  const [recording, setRecording] = useState<CaseloadRow | null>(null);
  const [notice, setNotice] = useState<SavedNotice | null>(null);
  const record = (row: CaseloadRow) => {
    setNotice(null);
    setRecording(row);
  };
  const card = (row: CaseloadRow, isPinned: boolean) => (
    <CaseloadCard key={row.clientId} row={row} now={now} showConsultant={showConsultant} pinned={isPinned} onRecord={record} />
  );
  return (
    <div className="caseload-cards">
      <div className={notice?.urgent ? "recording-status recording-status--urgent" : "recording-status"} role="status">
        {notice ? <p>{notice.message}</p> : null}
      </div>
      {pinned.length > 0 ? (
        <section aria-labelledby="pinned-cards-heading">
          <h2 id="pinned-cards-heading" className="caseload-group-heading caseload-group-heading--urgent">
            Needs same-day follow-up
          </h2>
          <ol className="caseload-card-list">
            {pinned.map((row) => card(row, true))}
          </ol>
        </section>
      ) : null}
      {rows.length > 0 ? (
        <section aria-labelledby="sorted-cards-heading">
          <h2 id="sorted-cards-heading" className="caseload-group-heading">
            {pinned.length > 0 ? "Other clients" : "Clients"} <span className="caseload-group-heading__sort">({sortDescription})</span>
          </h2>
          <ol className="caseload-card-list">
            {rows.map((row) => card(row, false))}
          </ol>
        </section>
      ) : null}
      {recording ? (
        <Dialog title="Record an episode" subtitle={recording.displayName} onClose={() => setRecording(null)} wide>
          <EpisodeForm
            clientId={recording.clientId}
            clientName={recording.displayName}
            onSaved={(saved) => {
              setNotice(saved);
              setRecording(null);
            }}
            onCancel={() => setRecording(null)}
          />
        </Dialog>
      ) : null}
    </div>
  );
}

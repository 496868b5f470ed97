import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../app/trpc";
import { PRINT_ROWS, PrintNote } from "./print-note";
import { QueryContent, ReviewSection } from "./review-section";
import type { ScreeningRecord } from "./review-types";
import { recordAnchor, useRevealRequests } from "./reveal-record";
import { screeningSourceWords } from "./self-report-words";
import { WarningIcon } from "./warning-icon";
import { epdsInterpretationLabels } from "../../lib/labels";
import { DateCell } from "../../ui/clinical-labels";
import { Table } from "../../ui/table";

/** EPDS screenings, newest first (the server's order), each interpreted in words per DOMAIN.md. */
export function EpdsHistory({ clientId }: { clientId: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.screenings.list.queryOptions({ clientId }));
  return (
    <ReviewSection id="epds" title="EPDS history" className="review-epds">
      <QueryContent
        query={query}
        what="the EPDS history"
        isEmpty={(screenings) => screenings.length === 0}
        emptyTitle="No EPDS screenings recorded yet"
        emptyBody={<p>Screening alongside DMER care helps tell it apart from postpartum depression.</p>}
      >
        {(screenings) => <EpdsRows screenings={screenings} />}
      </QueryContent>
    </ReviewSection>
  );
}

/** The screenings' rows; each is a link target for the safety alert it raised. */
function EpdsRows({ screenings }: { screenings: ScreeningRecord[] }) {
  // Every screening is on screen; this only brings a linked one into view on arrival.
  useRevealRequests(() => undefined);
  return (
    <>
      <div className="review-table-scroll" role="region" aria-labelledby="epds-caption" tabIndex={0}>
        <Table className="review-table review-table--epds" data-testid="epds-table">
          <caption id="epds-caption" className="review-table__caption">
            Edinburgh Postnatal Depression Scale, newest first. Total out of 30; item 10 asks about thoughts of
            self-harm.
          </caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col" className="numeric">
                Total
              </th>
              <th scope="col" className="numeric">
                Item 10
              </th>
              <th scope="col">Interpretation</th>
            </tr>
          </thead>
          <tbody>
            {screenings.map((screening) => (
              <ScreeningRow key={screening.id} screening={screening} />
            ))}
          </tbody>
        </Table>
      </div>
      <PrintNote shown={PRINT_ROWS.screenings} total={screenings.length} noun="screenings" />
    </>
  );
}

function ScreeningRow({ screening }: { screening: ScreeningRecord }) {
  const urgent = screening.interpretation === "self_harm_risk";
  return (
    <tr
      id={recordAnchor("epds", screening.id)}
      tabIndex={-1}
      data-testid="epds-row"
      className={urgent ? "epds-row epds-row--urgent" : "epds-row"}
    >
      <th scope="row">
        <DateCell iso={screening.takenAt} emptyLabel="" />
        <span className="review-table__note">{screeningSourceWords(screening)}</span>
      </th>
      <td className="numeric">{screening.total}</td>
      <td className="numeric">{screening.item10}</td>
      <td>
        <span className={`epds-interpretation epds-interpretation--${screening.interpretation}`}>
          {urgent ? <WarningIcon /> : null}
          {epdsInterpretationLabels.short[screening.interpretation]}
        </span>
      </td>
    </tr>
  );
}

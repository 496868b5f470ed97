import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { Link } from "react-router-dom";
import { useTRPC } from "../app/trpc";
import { errorCodeOf, messageOf } from "../lib/server-error";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { EmptyState } from "../ui/empty-state";
import { ErrorMessage } from "../ui/error-message";
import { Loading } from "../ui/loading";
import { suppressedText } from "./cells";
import type { Drill } from "./drill";
import { drillDownCsv } from "./practice-csv";
import { csvFilename, toCsv } from "../lib/csv";
import { isoToday } from "../lib/dates";
import { downloadText } from "../lib/download";
import { Table } from "../ui/table";

/**
 * A number that opens the list of clients behind it. A suppressed cell is
 * plain text: there is nothing to open (the server would refuse anyway).
 */
export function DrillValue({ text, drill, onDrill }: { text: string; drill: Drill | null; onDrill?: ((drill: Drill) => void) | undefined }) {
  if (!drill || !onDrill) return <>{text}</>;
  return (
    <button
      type="button"
      className="drill-button"
      onClick={() => onDrill(drill)}
      aria-haspopup="dialog"
      // Starts with the number as seen, so voice control finds it; then says what opens.
      aria-label={`${text}: list the clients (${drill.title})`}
    >
      {text}
    </button>
  );
}

/** The clients behind one number (analytics.drillDown), each a link to their record. */
export function DrillDownDialog({ drill, threshold, onClose }: { drill: Drill; threshold: number; onClose: () => void }) {
  const trpc = useTRPC();
  const countId = useId();
  const query = useQuery(trpc.analytics.drillDown.queryOptions(drill.input, { staleTime: 0 }));
  const clients = query.data?.clients;

  return (
    <Dialog title={drill.title} subtitle="The clients behind this number" onClose={onClose} wide>
      <div className="drill-down" data-testid="drill-down">
        {query.isPending ? <Loading label="Finding the clients…" /> : null}
        {query.isError ? (
          <ErrorMessage
            title={errorCodeOf(query.error) === "FORBIDDEN" ? "These clients cannot be listed" : "We couldn't list the clients"}
            message={
              errorCodeOf(query.error) === "FORBIDDEN"
                ? `${messageOf(query.error)} (Numbers resting on ${suppressedText(threshold)} clients stay hidden.)`
                : messageOf(query.error)
            }
            onRetry={errorCodeOf(query.error) === "FORBIDDEN" ? undefined : () => void query.refetch()}
            retrying={query.isFetching}
          />
        ) : null}
        {clients && clients.length === 0 ? <EmptyState title="No clients behind this number" /> : null}
        {clients && clients.length > 0 ? (
          <>
            <div className="drill-down__head">
              <p id={countId} className="drill-down__count" role="status">
                {clients.length} {clients.length === 1 ? "client" : "clients"}
              </p>
              <Button
                variant="quiet"
                onClick={() => downloadText(csvFilename("drill-down", [isoToday()]), toCsv(drillDownCsv(clients)))}
              >
                Export CSV
              </Button>
            </div>
            <div className="table-scroll">
              <Table className="practice-table" aria-describedby={countId}>
                <thead>
                  <tr>
                    <th scope="col">Client</th>
                    <th scope="col">Consultant</th>
                  </tr>
                </thead>
                <tbody>
                  {clients.map((client) => (
                    <tr key={client.clientId} data-testid="drill-down-client">
                      <th scope="row">
                        <Link to={`/clients/${client.clientId}`}>{client.displayName}</Link>
                      </th>
                      <td>{client.consultantName}</td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
          </>
        ) : null}
      </div>
    </Dialog>
  );
}

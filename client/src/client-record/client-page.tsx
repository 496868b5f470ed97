import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router-dom";
import { useTRPC } from "../app/trpc";
import { errorCodeOf, messageOf } from "../lib/server-error";
import { RecordingPanel } from "./recording/recording-panel";
import { ClientHeader } from "./review/client-header";
import { EpdsHistory } from "./review/epds-history";
import { EpisodesTable } from "./review/episodes-table";
import { InterventionsList } from "./review/interventions-list";
import { SelfReportShare } from "./review/self-report-share";
import { SeverityChart } from "./review/severity-chart";
import { SinceLastVisit } from "./review/since-last-visit";
import { Timeline } from "./review/timeline";
import { ErrorMessage } from "../ui/error-message";
import { Loading } from "../ui/loading";
import { usePageTitle } from "../ui/page-title";
import "./review/review.css";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function BackToCaseload() {
  return (
    <p className="back-link no-print">
      <Link to="/caseload">
        <span aria-hidden="true">←</span> Back to caseload
      </Link>
    </p>
  );
}

/**
 * The client review page: one page to read before the follow-up. Each
 * section runs its own query, so a failure in one leaves the others readable;
 * the queries use tRPC's keys, so the recording forms' invalidations refresh them.
 */
export function ClientPage() {
  const { clientId = "" } = useParams();
  const trpc = useTRPC();
  const validId = UUID.test(clientId);
  const record = useQuery({ ...trpc.clients.byId.queryOptions({ clientId }), enabled: validId });
  usePageTitle(record.data?.displayName ?? "Client");

  // Missing and not-yours answer the same (CONTRACT.md), and so does the page.
  if (!validId || errorCodeOf(record.error) === "NOT_FOUND") {
    return (
      <>
        <BackToCaseload />
        <h1>Client not found</h1>
        <p>This client does not exist or is not on a caseload you can see. Open clients from your caseload.</p>
      </>
    );
  }

  return (
    <div className="client-review">
      <BackToCaseload />
      {record.data ? (
        <>
          <ClientHeader client={record.data} fetchedAt={record.dataUpdatedAt} />
          <div className="review-recording no-print">
            <RecordingPanel client={record.data} />
          </div>
        </>
      ) : record.isError ? (
        <div className="panel review-header">
          <h1>Client</h1>
          <ErrorMessage
            title="We couldn't load this client's details"
            message={messageOf(record.error)}
            onRetry={() => void record.refetch()}
            retrying={record.isFetching}
          />
        </div>
      ) : (
        <div className="panel review-header">
          <h1 className="visually-hidden">Client</h1>
          <Loading label="Loading client…" />
        </div>
      )}

      <div className="review-grid">
        <SinceLastVisit record={record} />
        <EpdsHistory clientId={clientId} />
        <SeverityChart clientId={clientId} />
        <InterventionsList clientId={clientId} />
        <EpisodesTable clientId={clientId} />
        <Timeline clientId={clientId} />
        <SelfReportShare clientId={clientId} />
      </div>
    </div>
  );
}

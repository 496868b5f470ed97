import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router-dom";
import { errorCodeOf, messageOf, useTRPC } from "../app/trpc";
import { BandLabel, DateCell, FlagBadges, FollowUpCell, formatIntensity, TrendLabel } from "../caseload/clinical-labels";
import { ErrorMessage } from "../ui/error-message";
import { Loading } from "../ui/loading";
import { usePageTitle } from "../ui/page-title";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One client's summary: the start of the client review page. */
export function ClientPage() {
  const { clientId = "" } = useParams();
  const trpc = useTRPC();
  const validId = UUID.test(clientId);
  const query = useQuery({ ...trpc.clients.byId.queryOptions({ clientId }), enabled: validId });
  usePageTitle(query.data?.displayName ?? "Client");

  const back = (
    <p className="back-link">
      <Link to="/caseload">
        <span aria-hidden="true">←</span> Back to caseload
      </Link>
    </p>
  );

  if (!validId || errorCodeOf(query.error) === "NOT_FOUND") {
    return (
      <>
        {back}
        <h1>Client not found</h1>
        <p>This client does not exist or is not on a caseload you can see. Open clients from your caseload.</p>
      </>
    );
  }
  if (query.isError) {
    return (
      <>
        {back}
        <h1>Client</h1>
        <ErrorMessage
          title="We couldn't load this client"
          message={messageOf(query.error)}
          onRetry={() => void query.refetch()}
          retrying={query.isFetching}
        />
      </>
    );
  }
  if (query.isPending) {
    return (
      <>
        {back}
        <h1 className="visually-hidden">Client</h1>
        <Loading label="Loading client…" />
      </>
    );
  }

  const client = query.data;
  const { summary } = client;
  return (
    <>
      {back}
      <div className="page-header">
        <h1>{client.displayName}</h1>
        <p className="page-header__lede">
          {summary.postpartumWeeks} weeks postpartum · Consultant: {client.consultantName}
          {client.status === "discharged" ? " · Discharged" : ""}
        </p>
      </div>

      <section className="panel" aria-labelledby="flags-heading">
        <h2 id="flags-heading">Flags</h2>
        <FlagBadges details={summary.flagDetails} />
        {summary.flagDetails.length > 0 ? (
          <ul className="flag-reasons">
            {summary.flagDetails.map((detail) => (
              <li key={detail.flag}>{detail.reason}</li>
            ))}
          </ul>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="summary-heading">
        <h2 id="summary-heading">Last 30 days</h2>
        <dl className="summary-list">
          <div>
            <dt>Band</dt>
            <dd>
              <BandLabel band={summary.band} />
            </dd>
          </div>
          <div>
            <dt>Trend</dt>
            <dd>
              <TrendLabel trend={summary.trend} />
            </dd>
          </div>
          <div>
            <dt>Mean intensity</dt>
            <dd>{formatIntensity(summary.meanIntensity30d)}</dd>
          </div>
          <div>
            <dt>Episodes (7 days / 30 days)</dt>
            <dd>
              {summary.episodes7d} / {summary.episodes30d}
            </dd>
          </div>
          <div>
            <dt>Last episode</dt>
            <dd>
              <DateCell iso={summary.lastEpisodeAt} emptyLabel="No episodes recorded" />
            </dd>
          </div>
          <div>
            <dt>Next follow-up</dt>
            <dd>
              <FollowUpCell iso={client.nextFollowUpAt} now={query.dataUpdatedAt} />
            </dd>
          </div>
        </dl>
      </section>
    </>
  );
}

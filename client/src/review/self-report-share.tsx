import { useMutation, useQuery, useQueryClient, type UseQueryResult } from "@tanstack/react-query";
import { SELF_REPORT_DEFAULT_DAYS, selfReportExpiryChoices } from "@wave/shared";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf, messageOf, useTRPC } from "../app/trpc";
import { formatDate } from "../caseload/clinical-labels";
import { Button } from "../ui/button";
import { RadioGroup } from "../ui/choice-group";
import { QueryContent, ReviewSection } from "./review-section";
import type { SelfReportLinkCreatedRecord, SelfReportLinksRecord } from "./review-types";
import { SelfReportLinkList } from "./self-report-link-list";
import { NewSelfReportLink } from "./self-report-new-link";
import { epdsRequestWords, expiryChoiceLabel } from "./self-report-words";
import "../recording/recording.css";
import "./self-report.css";

const EXPIRY_OPTIONS = selfReportExpiryChoices.map((days) => ({ value: String(days), label: expiryChoiceLabel(days) }));

/**
 * "Share self-report link": a private link for this client to log episodes
 * from their phone (issue 10), shown once as a URL, a QR code and a printable
 * handout; the client's links with revoke; and asking for an EPDS through
 * them. Actions only, so the pre-visit brief leaves it off the paper.
 */
export function SelfReportShare({ clientId }: { clientId: string }) {
  const trpc = useTRPC();
  const links = useQuery(trpc.selfReport.listLinks.queryOptions({ clientId }));
  const [created, setCreated] = useState<SelfReportLinkCreatedRecord | null>(null);
  const [announcement, setAnnouncement] = useState("");

  return (
    <ReviewSection id="self-report" title="Share self-report link" className="review-self-report no-print">
      <p className="sr-lede">
        A private link lets the client log episodes from their phone as they happen, even at 3 a.m. It only sends reports for this
        client and shows them nothing back.
      </p>
      <CreateLinkForm
        clientId={clientId}
        onCreated={(link) => {
          setCreated(link);
          setAnnouncement("");
        }}
      />
      {created ? <NewSelfReportLink key={created.linkId} link={created} /> : null}
      <EpdsRequest clientId={clientId} links={links} />
      <h3 className="sr-subheading">Links</h3>
      <p className="sr-status" role="status">
        {announcement}
      </p>
      <QueryContent
        query={links}
        what="the self-report links"
        isEmpty={(data) => data.rows.length === 0}
        emptyTitle="No links yet"
        emptyBody={<p>Create one above; every link is listed here with what it has received.</p>}
      >
        {(data) => <SelfReportLinkList rows={data.rows} onRevoked={setAnnouncement} />}
      </QueryContent>
    </ReviewSection>
  );
}

function CreateLinkForm({ clientId, onCreated }: { clientId: string; onCreated: (link: SelfReportLinkCreatedRecord) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [days, setDays] = useState(String(SELF_REPORT_DEFAULT_DAYS));
  const create = useMutation(trpc.selfReport.createLink.mutationOptions());
  const dayErrors = fieldErrorsOf(create.error).expiresInDays;
  const otherError = create.isError && !dayErrors ? messageOf(create.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Each press makes a new link: a second press while one is being made is ignored.
    if (create.isPending) return;
    create.mutate(
      { clientId, expiresInDays: Number(days) },
      {
        onSuccess: (link) => {
          onCreated(link);
          void queryClient.invalidateQueries(trpc.selfReport.listLinks.queryFilter({ clientId }));
        },
      },
    );
  }

  return (
    <form className="sr-create" onSubmit={submit} noValidate aria-label="Create a self-report link">
      <RadioGroup
        legend="Link lasts"
        name="expiresInDays"
        layout="row"
        className="sr-create__expiry"
        options={EXPIRY_OPTIONS}
        value={days}
        onChange={(value) => {
          setDays(value);
          create.reset();
        }}
        errors={dayErrors}
      />
      <Button type="submit" variant="primary" className="sr-create__submit" busy={create.isPending}>
        {create.isPending ? "Creating…" : "Create link"}
      </Button>
      {otherError ? (
        <p className="notice notice--error sr-create__error" role="alert">
          The link was not created. {otherError}
        </p>
      ) : null}
    </form>
  );
}

/** Ask for an EPDS through the links: the client's page offers it once, until it is answered. */
function EpdsRequest({ clientId, links }: { clientId: string; links: UseQueryResult<SelfReportLinksRecord, unknown> }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ask = useMutation(trpc.selfReport.requestEpds.mutationOptions());
  const state = epdsRequestWords(links.data?.epdsRequest ?? null, formatDate);
  const noActiveLink = links.data !== undefined && !links.data.rows.some((link) => link.status === "active");

  if (state) {
    return (
      <p className="sr-epds sr-epds--requested" data-testid="self-report-epds">
        {state}
      </p>
    );
  }
  return (
    <div className="sr-epds" data-testid="self-report-epds">
      <Button
        busy={ask.isPending || (ask.isSuccess && links.isFetching)}
        onClick={() =>
          ask.mutate(
            { clientId },
            { onSuccess: () => void queryClient.invalidateQueries(trpc.selfReport.listLinks.queryFilter({ clientId })) },
          )
        }
      >
        {ask.isPending ? "Asking…" : "Ask for an EPDS"}
      </Button>
      <p className="field__hint">
        {noActiveLink
          ? "The client answers it on their link: create one so they can."
          : "The client's page offers the EPDS questionnaire once; the score appears in the EPDS history."}
      </p>
      {ask.isError ? (
        <p className="field__error" role="alert">
          The EPDS was not requested. {messageOf(ask.error)}
        </p>
      ) : null}
    </div>
  );
}

import { useMutation, useQuery, useQueryClient, type UseQueryResult } from "@tanstack/react-query";
import { SELF_REPORT_DEFAULT_DAYS, SelfReportLinkCreateInput, selfReportExpiryChoices } from "@wave/shared";
import { useState } from "react";
import { useTRPC } from "../../app/trpc";
import { messageOf } from "../../lib/server-error";
import { Button } from "../../ui/button";
import { RadioGroup } from "../../ui/choice-group";
import { checkWith } from "../../ui/form/check";
import { useRecordForm } from "../../ui/form/use-record-form";
import { QueryContent, ReviewSection } from "./review-section";
import type { SelfReportLinkCreatedRecord, SelfReportLinksRecord } from "./review-types";
import { SelfReportLinkList } from "./self-report-link-list";
import { NewSelfReportLink } from "./self-report-new-link";
import { epdsRequestWords, expiryChoiceLabel } from "./self-report-words";
import "../recording/recording.css";
import "./self-report.css";
import { formatDate } from "../../lib/dates";

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
  const create = useMutation(trpc.selfReport.createLink.mutationOptions());
  // Each press makes a new link: the form's submit guard ignores a second press while one is being made.
  const linkForm = useRecordForm({
    defaultValues: { expiresInDays: String(SELF_REPORT_DEFAULT_DAYS) },
    check: (values) => checkWith(SelfReportLinkCreateInput, { clientId, expiresInDays: Number(values.expiresInDays) }),
    reassure: false,
    save: async (input) => {
      const link = await create.mutateAsync(input);
      onCreated(link);
      void queryClient.invalidateQueries(trpc.selfReport.listLinks.queryFilter({ clientId }));
    },
  });

  return (
    <form ref={linkForm.formRef} className="sr-create" onSubmit={linkForm.submit} noValidate aria-label="Create a self-report link">
      <RadioGroup
        legend="Link lasts"
        name="expiresInDays"
        layout="row"
        className="sr-create__expiry"
        options={EXPIRY_OPTIONS}
        value={linkForm.values.expiresInDays}
        onChange={(value) => linkForm.set("expiresInDays", value)}
        errors={linkForm.errorsFor("expiresInDays")}
      />
      <Button type="submit" variant="primary" className="sr-create__submit" busy={linkForm.busy}>
        {linkForm.busy ? "Creating…" : "Create link"}
      </Button>
      {linkForm.formError ? (
        <p className="notice notice--error sr-create__error" role="alert" tabIndex={-1} data-form-alert>
          The link was not created. {linkForm.formError}
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

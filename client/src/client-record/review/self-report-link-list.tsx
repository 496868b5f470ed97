import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { useTRPC } from "../../app/trpc";
import { messageOf } from "../../lib/server-error";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import type { SelfReportLinkRecord, SelfReportLinksRecord } from "./review-types";
import { episodesReceivedWords, linkStatusWords } from "./self-report-words";
import { formatDate, formatDateTime } from "../../lib/dates";

/** The client's links, newest first (the server's order), each with what it has done and a way to end it. */
export function SelfReportLinkList({ rows, onRevoked }: { rows: readonly SelfReportLinkRecord[]; onRevoked: (message: string) => void }) {
  return (
    <ul className="sr-links" aria-label="Self-report links, newest first">
      {rows.map((link) => (
        <LinkItem key={link.linkId} link={link} onRevoked={onRevoked} />
      ))}
    </ul>
  );
}

function LinkItem({ link, onRevoked }: { link: SelfReportLinkRecord; onRevoked: (message: string) => void }) {
  const itemRef = useRef<HTMLLIElement>(null);
  const status = linkStatusWords(link, formatDate);
  const created = formatDateTime(link.createdAt);
  return (
    <li ref={itemRef} className={`sr-link sr-link--${link.status}`} data-testid="self-report-link" data-status={link.status} tabIndex={-1}>
      <p className="sr-link__head">
        <Badge tone={status.tone}>{status.label}</Badge>
        <span className="sr-link__detail">{status.detail}</span>
      </p>
      <dl className="sr-link__facts">
        <div>
          <dt>Created</dt>
          <dd>
            <time dateTime={link.createdAt}>{created}</time> <span className="sr-link__by">by {link.createdByName}</span>
          </dd>
        </div>
        <div>
          <dt>Last used</dt>
          <dd>{link.lastUsedAt ? <time dateTime={link.lastUsedAt}>{formatDateTime(link.lastUsedAt)}</time> : "Not used yet"}</dd>
        </div>
        <div>
          <dt>Expires</dt>
          <dd>
            <time dateTime={link.expiresAt}>{formatDate(link.expiresAt)}</time>
          </dd>
        </div>
        <div>
          <dt>Episodes</dt>
          <dd>{episodesReceivedWords(link.episodesReceived)}</dd>
        </div>
      </dl>
      {link.status === "active" ? (
        <RevokeControl
          link={link}
          what={`link created ${created}`}
          onRevoked={() => {
            // The button that was pressed is gone: focus stays on the row that changed.
            itemRef.current?.focus();
            onRevoked(`Link created ${created} revoked: it no longer accepts reports.`);
          }}
        />
      ) : null}
    </li>
  );
}

/** Revoke, then a confirming step: ending a link cannot be undone (a new one can be made). */
function RevokeControl({ link, what, onRevoked }: { link: SelfReportLinkRecord; what: string; onRevoked: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const questionId = useId();
  const wrapRef = useRef<HTMLDivElement>(null);
  const [confirming, setConfirming] = useState(false);
  const [returnFocus, setReturnFocus] = useState(false);
  const revoke = useMutation(trpc.selfReport.revokeLink.mutationOptions());

  // "Keep the link" puts the focus back on the Revoke button it replaced.
  useEffect(() => {
    if (!returnFocus || confirming) return;
    wrapRef.current?.querySelector("button")?.focus();
    setReturnFocus(false);
  }, [returnFocus, confirming]);

  function confirm() {
    revoke.mutate(
      { linkId: link.linkId },
      {
        onSuccess: (revoked) => {
          // The row changes at once; the refetch brings anything else that moved.
          queryClient.setQueryData(trpc.selfReport.listLinks.queryKey({ clientId: link.clientId }), (current: SelfReportLinksRecord | undefined) =>
            current ? { ...current, rows: current.rows.map((row) => (row.linkId === revoked.linkId ? revoked : row)) } : current,
          );
          void queryClient.invalidateQueries(trpc.selfReport.listLinks.queryFilter({ clientId: link.clientId }));
          onRevoked();
        },
      },
    );
  }

  return (
    <div ref={wrapRef} className="sr-link__actions">
      {confirming ? (
        <div className="sr-revoke" role="group" aria-labelledby={questionId}>
          <p id={questionId} className="sr-revoke__question">
            Revoke this link? The client's page stops accepting reports at once. What they already sent stays.
          </p>
          <div className="sr-revoke__buttons">
            <Button variant="primary" autoFocus busy={revoke.isPending} onClick={confirm}>
              {revoke.isPending ? "Revoking…" : "Yes, revoke"}
            </Button>
            <Button
              disabled={revoke.isPending}
              onClick={() => {
                revoke.reset();
                setConfirming(false);
                setReturnFocus(true);
              }}
            >
              Keep the link
            </Button>
          </div>
          {revoke.isError ? (
            <p className="field__error" role="alert">
              The link was not revoked. {messageOf(revoke.error)}
            </p>
          ) : null}
        </div>
      ) : (
        <Button variant="quiet" className="sr-link__revoke" onClick={() => setConfirming(true)}>
          Revoke<span className="visually-hidden"> {what}</span>
        </Button>
      )}
    </div>
  );
}

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { format, formatDistance, parseISO } from "date-fns";
import { useRef, useState } from "react";
import { useNavigate } from "react-router-dom";
import { useTRPC, type RouterOutputs } from "../app/trpc";
import { messageOf } from "../lib/server-error";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { ErrorMessage } from "../ui/error-message";
import { Loading } from "../ui/loading";
import { describeBrowser } from "./browser-name";
import { PHONE_QUERY, useMediaQuery } from "../lib/use-media-query";
import { Table } from "../ui/table";

type OwnSession = RouterOutputs["auth"]["sessions"]["rows"][number];

interface RowProps {
  session: OwnSession;
  now: Date;
  ending: boolean;
  onEnd: (session: OwnSession) => void;
}

const signedInAt = (iso: string) => format(parseISO(iso), "d MMM yyyy, HH:mm");
const lastActive = (iso: string, now: Date) => formatDistance(parseISO(iso), now, { addSuffix: true });

/**
 * Every browser signed in as the user, and a way to end any of them: one left
 * signed in on a shared computer, or one the user does not recognise.
 * Ending this device's session signs out here too.
 */
export function SignedInSessions() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const phone = useMediaQuery(PHONE_QUERY);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [status, setStatus] = useState("");
  // No polling: listing sessions counts as activity, and would keep an unattended page signed in.
  const sessions = useQuery(trpc.auth.sessions.queryOptions());
  const end = useMutation(
    trpc.auth.endSession.mutationOptions({
      onSuccess: async (result, { sessionId }) => {
        if (result.signedOut) {
          await navigate("/sign-in", { replace: true });
          queryClient.clear();
          return;
        }
        const ended = sessions.data?.rows.find((row) => row.sessionId === sessionId);
        setStatus(`Ended the session of ${ended ? describeBrowser(ended.userAgent) : "that browser"}. It is signed out.`);
        // The ended row's button is gone: keep the keyboard in the section.
        headingRef.current?.focus();
        await queryClient.invalidateQueries(trpc.auth.sessions.queryFilter());
      },
      // Most likely already ended (elsewhere, or by expiry): show the list as it is now.
      onError: () => void queryClient.invalidateQueries(trpc.auth.sessions.queryFilter()),
    }),
  );

  function endSession(session: OwnSession) {
    setStatus("");
    end.mutate({ sessionId: session.sessionId });
  }

  const now = new Date();
  const rows = sessions.data?.rows ?? [];
  const endingId = end.isPending ? end.variables.sessionId : null;
  const rowProps = (session: OwnSession): RowProps => ({ session, now, ending: endingId === session.sessionId, onEnd: endSession });

  return (
    <section className="panel signed-in-sessions" aria-labelledby="signed-in-sessions-heading" data-testid="signed-in-sessions">
      <h2 id="signed-in-sessions-heading" ref={headingRef} tabIndex={-1}>
        Signed-in sessions
      </h2>
      <p className="page-header__lede">
        Browsers signed in as you. A session ends by itself after 30 minutes without use, or 12 hours after signing in.
      </p>
      <p className="signed-in-sessions__status" role="status">
        {status}
      </p>
      {end.isError ? <ErrorMessage title="The session was not ended" message={messageOf(end.error)} /> : null}
      {sessions.isPending ? <Loading label="Loading your sessions…" /> : null}
      {sessions.isError ? (
        <ErrorMessage
          title="We couldn't load your sessions"
          message={messageOf(sessions.error)}
          onRetry={() => void sessions.refetch()}
          retrying={sessions.isRefetching}
        />
      ) : null}
      {sessions.isSuccess && rows.length === 0 ? (
        <EmptyState title="No signed-in sessions">Reload the page to see the sessions signed in as you.</EmptyState>
      ) : null}
      {rows.length > 0 && phone ? (
        <ul className="signed-in-sessions__cards">
          {rows.map((session) => (
            <SessionCard key={session.sessionId} {...rowProps(session)} />
          ))}
        </ul>
      ) : null}
      {rows.length > 0 && !phone ? (
        <div className="table-scroll">
          <Table className="signed-in-sessions__table">
            <caption className="visually-hidden">Sessions signed in as you, most recently active first</caption>
            <thead>
              <tr>
                <th scope="col">Browser</th>
                <th scope="col">Signed in</th>
                <th scope="col">Last active</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((session) => (
                <SessionRow key={session.sessionId} {...rowProps(session)} />
              ))}
            </tbody>
          </Table>
        </div>
      ) : null}
      {rows.length === 1 && rows[0]?.current ? <p className="muted">Only this device is signed in as you.</p> : null}
    </section>
  );
}

function BrowserName({ session }: { session: OwnSession }) {
  return (
    <>
      <span title={session.userAgent ?? undefined}>{describeBrowser(session.userAgent)}</span>
      {session.current ? (
        <>
          {" "}
          <Badge tone="info">This device</Badge>
        </>
      ) : null}
    </>
  );
}

function EndButton({ session, ending, onEnd }: Omit<RowProps, "now">) {
  return (
    <Button
      variant="secondary"
      className="signed-in-sessions__end"
      busy={ending}
      onClick={() => onEnd(session)}
      data-testid={session.current ? "end-this-session" : "end-session"}
    >
      {ending ? "Ending…" : "End session"}
      <span className="visually-hidden">
        {`: ${describeBrowser(session.userAgent)}, signed in ${signedInAt(session.createdAt)}`}
        {session.current ? " (this device: you will be signed out)" : ""}
      </span>
    </Button>
  );
}

function SessionRow({ session, now, ending, onEnd }: RowProps) {
  return (
    <tr data-testid="session-row" data-session-id={session.sessionId} data-current={session.current ? "true" : undefined}>
      <th scope="row">
        <BrowserName session={session} />
      </th>
      <td>
        <time dateTime={session.createdAt}>{signedInAt(session.createdAt)}</time>
      </td>
      <td>
        <time dateTime={session.lastSeenAt} title={signedInAt(session.lastSeenAt)}>
          {lastActive(session.lastSeenAt, now)}
        </time>
      </td>
      <td className="signed-in-sessions__actions">
        <EndButton session={session} ending={ending} onEnd={onEnd} />
      </td>
    </tr>
  );
}

function SessionCard({ session, now, ending, onEnd }: RowProps) {
  return (
    <li
      className="signed-in-sessions__card"
      data-testid="session-row"
      data-session-id={session.sessionId}
      data-current={session.current ? "true" : undefined}
    >
      <p className="signed-in-sessions__browser">
        <BrowserName session={session} />
      </p>
      <dl className="signed-in-sessions__facts">
        <div>
          <dt>Signed in</dt>
          <dd>
            <time dateTime={session.createdAt}>{signedInAt(session.createdAt)}</time>
          </dd>
        </div>
        <div>
          <dt>Last active</dt>
          <dd>
            <time dateTime={session.lastSeenAt}>{lastActive(session.lastSeenAt, now)}</time>
          </dd>
        </div>
      </dl>
      <EndButton session={session} ending={ending} onEnd={onEnd} />
    </li>
  );
}

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { createFlusher, dismissNotice, enqueue, notices as storedNotices, pendingSubmissions, type Notice, type Send, type Submission } from "./queue";
import type { KeyValueStore } from "./storage";

/** While anything waits, try again this often, as well as on `online` and when the page comes back into view. */
export const RETRY_INTERVAL_MS = 30_000;

export interface Outbox {
  /** How many submissions are on the phone, waiting for the server. */
  waiting: number;
  /** The ids of what waits, by kind: the page shows counts and whether one is this submission, never contents. */
  waitingIds: ReadonlySet<string>;
  waitingEpds: boolean;
  /** Ids the server confirmed while this page was open. */
  saved: ReadonlySet<string>;
  notices: Notice[];
  sending: boolean;
  submit: (submission: Submission) => Promise<void>;
  dismiss: (id: string) => Promise<void>;
}

export function useOutbox(store: KeyValueStore, send: Send, onLinkEnded: (token: string) => void): Outbox {
  const [pending, setPending] = useState<Submission[]>([]);
  const [saved, setSaved] = useState<ReadonlySet<string>>(() => new Set());
  const [notices, setNotices] = useState<Notice[]>([]);
  const [sending, setSending] = useState(false);
  const endedRef = useRef(onLinkEnded);
  useEffect(() => {
    endedRef.current = onLinkEnded;
  }, [onLinkEnded]);

  const refresh = useCallback(async () => {
    setPending(await pendingSubmissions(store));
    setNotices(await storedNotices(store));
  }, [store]);

  const flush = useMemo(() => {
    const run = createFlusher(store, send, (report) => {
      if (report.saved.length > 0) setSaved((current) => new Set([...current, ...report.saved]));
      for (const token of report.endedTokens) endedRef.current(token);
    });
    return async () => {
      setSending(true);
      try {
        await run();
      } catch {
        // The phone's storage failed mid-pass: what it still holds is tried again on the next pass.
      } finally {
        setSending(false);
        await refresh().catch(() => undefined);
      }
    };
  }, [store, send, refresh]);

  // On load, and whenever the connection returns or the page is looked at again.
  useEffect(() => {
    void flush();
    const onVisible = () => {
      if (document.visibilityState === "visible") void flush();
    };
    const onOnline = () => void flush();
    window.addEventListener("online", onOnline);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      window.removeEventListener("online", onOnline);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [flush]);

  const waiting = pending.length;
  useEffect(() => {
    if (waiting === 0) return;
    const timer = window.setInterval(() => void flush(), RETRY_INTERVAL_MS);
    return () => window.clearInterval(timer);
  }, [waiting, flush]);

  const submit = useCallback(
    async (submission: Submission) => {
      // On the phone first: if the page closes now, the next visit sends it.
      await enqueue(store, submission);
      await refresh();
      void flush();
    },
    [store, refresh, flush],
  );

  const dismiss = useCallback(
    async (id: string) => {
      await dismissNotice(store, id);
      await refresh();
    },
    [store, refresh],
  );

  const waitingIds = useMemo(() => new Set(pending.map((submission) => submission.id)), [pending]);
  const waitingEpds = pending.some((submission) => submission.kind === "epds");
  return { waiting, waitingIds, waitingEpds, saved, notices, sending, submit, dismiss };
}

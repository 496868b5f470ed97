import { SELF_REPORT_ENDED, SELF_REPORT_REASSURANCE, SELF_REPORT_SAVED, type SelfReportEpisodeInput, type SelfReportStatus } from "@wave/shared";
import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { Button } from "../ui/button";
import { createSelfReportClient, errorCodeOf, isLinkEnded, sendWith, type SelfReportClient } from "./api";
import { epdsShowsHelp } from "./epds-draft";
import { EpdsForm } from "./epds-form";
import { EpisodeForm } from "./episode-form";
import { HelpNow } from "./help-now";
import { findLink, forgetLink, rememberStatus } from "./link";
import type { Notice } from "./queue";
import { ScreenHeading } from "./screen-heading";
import { openDeviceStore, type KeyValueStore } from "./storage";
import { useOutbox, type Outbox } from "./use-outbox";

type Phase = { kind: "loading" } | { kind: "no-link" } | { kind: "ended" } | { kind: "ready"; token: string };
type Screen =
  | { name: "home" }
  | { name: "episode"; when: "now" | "earlier"; startedAt: Date }
  | { name: "epds" }
  | { name: "sent"; id: string; kind: "episode" | "epds"; selfHarm: boolean };

/** The client's page (issue 10): no account, phone first, and nothing of the client's history on it. */
export function SelfReportApp() {
  const [store, setStore] = useState<KeyValueStore | null>(null);
  const client = useMemo(() => createSelfReportClient(), []);
  useEffect(() => {
    void openDeviceStore().then(setStore);
  }, []);
  if (!store) return <Shell practiceName={null}>{null}</Shell>;
  return <LinkedPage store={store} client={client} />;
}

function LinkedPage({ store, client }: { store: KeyValueStore; client: SelfReportClient }) {
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  const [status, setStatus] = useState<SelfReportStatus | null>(null);
  const [screen, setScreen] = useState<Screen>({ name: "home" });
  const send = useMemo(() => sendWith(client), [client]);
  const token = phase.kind === "ready" ? phase.token : null;

  const linkEnded = useCallback(
    (ended: string) => {
      void forgetLink(store, ended);
      setPhase((current) => (current.kind === "ready" && current.token === ended ? { kind: "ended" } : current));
    },
    [store],
  );
  const outbox = useOutbox(store, send, linkEnded);

  const loadStatus = useCallback(
    async (current: string) => {
      try {
        const answer = await client.selfReport.status.query({ token: current });
        setStatus(answer);
        await rememberStatus(store, current, answer);
      } catch (error) {
        // Unknown, expired or revoked all answer alike; offline keeps what the phone remembers.
        if (isLinkEnded(error) || errorCodeOf(error) === "BAD_REQUEST") linkEnded(current);
      }
    },
    [client, store, linkEnded],
  );

  useEffect(() => {
    let cancelled = false;
    void findLink(store, window.location.hash).then((lookup) => {
      if (cancelled) return;
      if (lookup.kind === "none") return setPhase({ kind: "no-link" });
      if (lookup.kind === "malformed") return setPhase({ kind: "ended" });
      setStatus(lookup.link.status);
      setPhase({ kind: "ready", token: lookup.link.token });
    });
    return () => {
      cancelled = true;
    };
  }, [store]);

  // The practice's name and numbers, and whether a questionnaire waits; again when the connection returns.
  useEffect(() => {
    if (!token) return;
    void loadStatus(token);
    const onOnline = () => void loadStatus(token);
    window.addEventListener("online", onOnline);
    return () => window.removeEventListener("online", onOnline);
  }, [token, loadStatus]);

  // A questionnaire saved: the offer goes (the server no longer asks).
  const epdsSaved = screen.name === "sent" && screen.kind === "epds" && outbox.saved.has(screen.id);
  useEffect(() => {
    if (epdsSaved && token) void loadStatus(token);
  }, [epdsSaved, token, loadStatus]);

  const practiceName = status?.practiceName ?? null;

  if (phase.kind === "loading") return <Shell practiceName={practiceName}>{null}</Shell>;
  if (phase.kind === "ended" || phase.kind === "no-link") {
    return (
      <Shell practiceName={null}>
        <ScreenHeading>{phase.kind === "ended" ? SELF_REPORT_ENDED : "Open the link your consultant gave you."}</ScreenHeading>
        {phase.kind === "no-link" ? <p>This page works only from your private link. If you no longer have it, ask your consultant for a new one.</p> : null}
        <Notices notices={outbox.notices} onDismiss={outbox.dismiss} />
      </Shell>
    );
  }
  const current = phase.token;

  async function saveEpisode(episode: SelfReportEpisodeInput) {
    await outbox.submit({ kind: "episode", id: episode.id, token: current, queuedAt: new Date().toISOString(), episode });
    setScreen({ name: "sent", id: episode.id, kind: "episode", selfHarm: episode.selfHarmThoughts === true });
  }

  async function saveEpds(id: string, answers: number[]) {
    await outbox.submit({ kind: "epds", id, token: current, queuedAt: new Date().toISOString(), answers });
    setScreen({ name: "sent", id, kind: "epds", selfHarm: epdsShowsHelp(answers) });
  }

  const home = () => setScreen({ name: "home" });
  return (
    <Shell practiceName={practiceName}>
      {screen.name === "home" ? (
        <Home
          status={status}
          outbox={outbox}
          onNow={() => setScreen({ name: "episode", when: "now", startedAt: new Date() })}
          onEarlier={() => setScreen({ name: "episode", when: "earlier", startedAt: new Date() })}
          onEpds={() => setScreen({ name: "epds" })}
        />
      ) : null}
      {screen.name === "episode" ? <EpisodeForm when={screen.when} startedAt={screen.startedAt} status={status} onSave={saveEpisode} onBack={home} /> : null}
      {screen.name === "epds" ? <EpdsForm status={status} onSave={saveEpds} onBack={home} /> : null}
      {screen.name === "sent" ? <Sent screen={screen} status={status} outbox={outbox} onAnother={home} /> : null}
    </Shell>
  );
}

function Shell({ practiceName, children }: { practiceName: string | null; children: ReactNode }) {
  return (
    <div className="sr-page">
      <header className="sr-banner">
        <p className="sr-practice">{practiceName ?? "Wave"}</p>
      </header>
      <main className="sr-main">{children}</main>
    </div>
  );
}

/**
 * One live region for the outbox, so a screen reader hears it change: "Saved"
 * only once the server has said so, else how many wait. Counts only: what
 * waits is never shown, so a lost phone reveals nothing.
 */
function OutboxLine({ outbox, saved = false }: { outbox: Outbox; saved?: boolean }) {
  return (
    <p className={saved ? "sr-saved" : "sr-waiting"} role="status" data-testid="outbox-status">
      {saved ? (
        SELF_REPORT_SAVED
      ) : outbox.waiting > 0 ? (
        <>
          <strong>Waiting to send ({outbox.waiting})</strong>
          <span className="sr-hint">
            {" "}
            {outbox.sending ? "Kept safely on this phone: sending now…" : "Kept safely on this phone, and sent as soon as you are back online with this page open."}
          </span>
        </>
      ) : null}
    </p>
  );
}

function Home({
  status,
  outbox,
  onNow,
  onEarlier,
  onEpds,
}: {
  status: SelfReportStatus | null;
  outbox: Outbox;
  onNow: () => void;
  onEarlier: () => void;
  onEpds: () => void;
}) {
  const offerEpds = status?.epdsRequested === true && !outbox.waitingEpds;
  return (
    <>
      <ScreenHeading>Log an episode</ScreenHeading>
      <p className="sr-reassurance">{SELF_REPORT_REASSURANCE}</p>
      <OutboxLine outbox={outbox} />
      <Notices notices={outbox.notices} onDismiss={outbox.dismiss} />
      <div className="sr-start">
        <Button variant="primary" className="sr-button sr-button--now" onClick={onNow}>
          It's happening now
        </Button>
        <Button className="sr-button" onClick={onEarlier}>
          Log an earlier one
        </Button>
      </div>
      {offerEpds ? (
        <section className="sr-card" aria-labelledby="sr-epds-offer">
          <h2 id="sr-epds-offer" className="sr-card__heading">
            Your consultant asked you to fill in a short questionnaire (10 questions)
          </h2>
          <p className="sr-hint">It takes a few minutes. You can do it whenever suits you.</p>
          <Button className="sr-button" onClick={onEpds}>
            Start the questionnaire
          </Button>
        </section>
      ) : null}
    </>
  );
}

function Sent({ screen, status, outbox, onAnother }: { screen: Extract<Screen, { name: "sent" }>; status: SelfReportStatus | null; outbox: Outbox; onAnother: () => void }) {
  const saved = outbox.saved.has(screen.id);
  const notice = outbox.notices.find((candidate) => candidate.id === screen.id);
  return (
    <>
      <ScreenHeading>{saved ? "Saved" : notice ? "Not saved" : "Kept on this phone"}</ScreenHeading>
      <OutboxLine outbox={outbox} saved={saved} />
      <Notices
        notices={notice ? [notice] : []}
        onDismiss={async (id) => {
          // Read, it goes; this screen would otherwise say the report is still waiting.
          await outbox.dismiss(id);
          onAnother();
        }}
      />
      {screen.selfHarm ? <HelpNow status={status} sent={saved} /> : null}
      <div className="sr-actions">
        <Button variant="primary" className="sr-button" onClick={onAnother}>
          Log another
        </Button>
      </div>
    </>
  );
}

/** What the server refused, in plain words, until the client has read it. */
function Notices({ notices, onDismiss }: { notices: Notice[]; onDismiss: (id: string) => Promise<void> }) {
  if (notices.length === 0) return null;
  return (
    <ul className="sr-notices" aria-label="Not saved">
      {notices.map((notice) => (
        <li key={notice.id} className="sr-notice sr-notice--error" role="alert">
          <p>{notice.message}</p>
          <Button className="sr-button" onClick={() => void onDismiss(notice.id)}>
            I understand
          </Button>
        </li>
      ))}
    </ul>
  );
}

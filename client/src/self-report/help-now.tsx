import type { SelfReportStatus } from "@wave/shared";

/** A number as a link the phone can call: digits and a leading + only. */
function telHref(number: string): string {
  return `tel:${number.replace(/[^\d+]/g, "")}`;
}

/**
 * Where to get help now (DOMAIN.md "Safety rule"): shown the moment the
 * client answers yes, before anything is sent and whatever the connection,
 * so it never waits on the server.
 */
export function HelpNow({ status, sent }: { status: SelfReportStatus | null; sent: boolean }) {
  const crisisLine = status?.crisisLine ?? null;
  const practicePhone = status?.practicePhone ?? null;
  return (
    <div className="sr-help" role="alert" data-testid="help-now">
      <p className="sr-help__title">
        If you might act on these thoughts, get help now: call{" "}
        {crisisLine ? <a href={telHref(crisisLine)}>{crisisLine}</a> : "your local emergency number"}.
      </p>
      {practicePhone ? (
        <p>
          You can also call {status?.practiceName ?? "your practice"} on <a href={telHref(practicePhone)}>{practicePhone}</a>.
        </p>
      ) : null}
      <p>{sent ? "Your consultant has been alerted." : "Your consultant will be alerted when this is sent."}</p>
    </div>
  );
}

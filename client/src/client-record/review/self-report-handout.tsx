import { useQuery } from "@tanstack/react-query";
import { Suspense } from "react";
import { createPortal } from "react-dom";
import { useTRPC } from "../../app/trpc";
import { useSignedInUser } from "../../app/signed-in-user";
import { LazySelfReportQr } from "./self-report-qr-loader";
import { handoutText } from "./self-report-words";
import { formatDate } from "../../lib/dates";

/** The practice's name and phone for the handout; the name from auth.me while the settings load or if they fail. */
function usePracticeDetails(): { practiceName: string; phone: string | null } {
  const trpc = useTRPC();
  const me = useSignedInUser();
  const settings = useQuery(trpc.practices.settings.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  if (settings.data) return { practiceName: settings.data.practiceName, phone: settings.data.phone };
  return { practiceName: me.practiceName, phone: null };
}

/**
 * The one-page handout that goes home with the client. It lives outside the
 * app (a portal on <body>) so that, while `printing`, the print stylesheet can
 * hide everything else; otherwise it never shows, and the page's own print
 * (the pre-visit brief) is unchanged. It names no client and no clinical
 * label, so a handout left on a table reveals nothing.
 */
export function SelfReportHandout({ url, expiresAt, printing }: { url: string; expiresAt: string; printing: boolean }) {
  const practice = usePracticeDetails();
  const text = handoutText({ ...practice, expiresAt }, formatDate);
  return createPortal(
    <div className={printing ? "sr-handout sr-handout--printing" : "sr-handout"} data-testid="self-report-handout">
      {text.practiceName ? <p className="sr-handout__practice">{text.practiceName}</p> : null}
      <h2 className="sr-handout__title">{text.title}</h2>
      <p className="sr-handout__explanation">{text.explanation}</p>
      <div className="sr-handout__code">
        <Suspense fallback={null}>
          <LazySelfReportQr url={url} label="QR code: scan it to open your link" className="sr-handout__qr" />
        </Suspense>
      </div>
      <p className="sr-handout__url">{url}</p>
      <p className="sr-handout__expiry">{text.expiry}</p>
      <p className="sr-handout__privacy">{text.privacy}</p>
      {text.phone ? <p className="sr-handout__phone">{text.phone}</p> : null}
    </div>,
    document.body,
  );
}

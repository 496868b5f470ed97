import { Suspense, useEffect, useRef, useState } from "react";
import { Button } from "../../ui/button";
import { Field } from "../../ui/field";
import { Loading } from "../../ui/loading";
import type { SelfReportLinkCreatedRecord } from "./review-types";
import { SelfReportHandout } from "./self-report-handout";
import { LazySelfReportQr } from "./self-report-qr-loader";
import { COPY_FALLBACK, SHOWN_ONCE } from "./self-report-words";
import { formatDateTime } from "../../lib/dates";

type CopyState = "idle" | "copied" | "failed";

/** The Clipboard API where the browser allows it (https or localhost, with the page focused). */
async function copyToClipboard(text: string): Promise<boolean> {
  try {
    // Missing on plain-http origins, whatever the types say.
    if (typeof navigator.clipboard?.writeText !== "function") return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

function selectInput(container: HTMLElement | null): void {
  const input = container?.querySelector("input");
  input?.focus();
  input?.select();
}

/**
 * Prints the handout alone: it is marked for print, the browser's print
 * opens, and the mark goes when printing ends. Each press asks again, even if
 * a browser never said the last print ended.
 */
function useHandoutPrint(): { printing: boolean; print: () => void } {
  const [printing, setPrinting] = useState(false);
  const [request, setRequest] = useState(0);
  useEffect(() => {
    if (request === 0) return;
    const done = () => setPrinting(false);
    window.addEventListener("afterprint", done, { once: true });
    window.print();
    return () => window.removeEventListener("afterprint", done);
  }, [request]);
  return {
    printing,
    print: () => {
      setPrinting(true);
      setRequest((count) => count + 1);
    },
  };
}

/**
 * The link just created, shown this once (the server keeps only a hash of its
 * token): the URL to copy, its QR code, its expiry and the printable handout.
 */
export function NewSelfReportLink({ link }: { link: SelfReportLinkCreatedRecord }) {
  const fieldRef = useRef<HTMLDivElement>(null);
  const [copy, setCopy] = useState<CopyState>("idle");
  const handout = useHandoutPrint();
  const expires = formatDateTime(link.expiresAt);

  const selectUrl = () => selectInput(fieldRef.current);

  // A new link takes the focus, selected, so it can be copied from the keyboard at once
  // (the panel keys this component by link, so each new one mounts afresh).
  useEffect(() => selectInput(fieldRef.current), []);

  async function copyLink() {
    const copied = await copyToClipboard(link.url);
    if (!copied) selectUrl();
    setCopy(copied ? "copied" : "failed");
  }

  return (
    <div className="sr-new" data-testid="self-report-new-link" role="group" aria-labelledby="sr-new-heading">
      <h3 id="sr-new-heading" className="sr-new__heading">
        New link, expires {expires}
      </h3>
      <p className="notice notice--warning sr-new__once">{SHOWN_ONCE}</p>
      <div className="sr-new__body">
        <div className="sr-new__code">
          <Suspense fallback={<Loading label="Drawing the QR code…" />}>
            <LazySelfReportQr url={link.url} label="QR code of the self-report link" className="sr-new__qr" />
          </Suspense>
        </div>
        <div className="sr-new__details">
          <div ref={fieldRef}>
            <Field
              label="Self-report link"
              className="sr-new__url"
              readOnly
              value={link.url}
              onFocus={(event) => event.currentTarget.select()}
              hint="The client opens it on their phone; nothing else is needed."
              spellCheck={false}
            />
          </div>
          <div className="sr-new__actions">
            <Button variant="primary" onClick={() => void copyLink()}>
              Copy link
            </Button>
            <Button onClick={handout.print}>Print handout</Button>
          </div>
          <p className={copy === "failed" ? "sr-new__copy sr-new__copy--failed" : "sr-new__copy"} role="status">
            {copy === "copied" ? "Link copied." : copy === "failed" ? COPY_FALLBACK : ""}
          </p>
          <p className="sr-new__expiry">
            Works until <time dateTime={link.expiresAt}>{expires}</time>; revoke it below at any time.
          </p>
        </div>
      </div>
      <SelfReportHandout url={link.url} expiresAt={link.expiresAt} printing={handout.printing} />
    </div>
  );
}

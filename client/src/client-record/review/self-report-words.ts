import { SELF_REPORT_REASSURANCE } from "@wave/shared";
import type { BadgeTone } from "../../ui/badge";
import type { SelfReportLinkRecord, SelfReportLinksRecord } from "./review-types";
import { plural } from "../../lib/format";

// The words of the "Share self-report link" panel and its printed handout.
// Pure, so the wording a consultant and a client read is unit-tested.

type FormatDate = (iso: string) => string;

/** "30 days": the expiry choices (selfReportExpiryChoices) as the panel offers them. */
export function expiryChoiceLabel(days: number): string {
  return plural(days, "day");
}

export interface LinkStatusWords {
  label: string;
  tone: BadgeTone;
  /** When it stopped (or stops) working, in a short phrase. */
  detail: string;
}

/** A link's state in words: colour only backs them up. */
export function linkStatusWords(link: Pick<SelfReportLinkRecord, "status" | "expiresAt" | "revokedAt">, formatDate: FormatDate): LinkStatusWords {
  switch (link.status) {
    case "active":
      return { label: "Active", tone: "good", detail: `works until ${formatDate(link.expiresAt)}` };
    case "expired":
      return { label: "Expired", tone: "neutral", detail: `ended ${formatDate(link.expiresAt)}` };
    case "revoked":
      return { label: "Revoked", tone: "warning", detail: link.revokedAt ? `revoked ${formatDate(link.revokedAt)}` : "revoked" };
  }
}

/** "No episodes yet" / "1 episode received" / "4 episodes received". */
export function episodesReceivedWords(count: number): string {
  return count === 0 ? "No episodes yet" : `${plural(count, "episode")} received`;
}

/** The open EPDS request, as listLinks reports it; null when none is open. */
export function epdsRequestWords(request: SelfReportLinksRecord["epdsRequest"], formatDate: FormatDate): string | null {
  if (!request) return null;
  return `EPDS requested on ${formatDate(request.requestedAt)} by ${request.requestedByName}; the client's page offers it once.`;
}

/** Said plainly where the new link is shown: the server never returns the token again. */
export const SHOWN_ONCE = "Copy or print it now; for safety it is not shown again.";

/** When the browser would not copy (plain http, a refused permission): the field is selected instead. */
export const COPY_FALLBACK = "This browser did not allow copying. The link is selected: press Ctrl+C (or ⌘C), or long-press it and choose Copy.";

export interface HandoutText {
  practiceName: string;
  title: string;
  /** DOMAIN.md's words for clients: what to do, then the reassurance. */
  explanation: string;
  privacy: string;
  expiry: string;
  /** Null when the practice has set no phone. */
  phone: string | null;
}

/** The one-page handout that goes home with the client: plain, warm, no clinical label (DOMAIN.md). */
export function handoutText(
  input: { practiceName: string; phone: string | null; expiresAt: string },
  formatDate: FormatDate,
): HandoutText {
  const phone = input.phone?.trim() ? input.phone.trim() : null;
  return {
    practiceName: input.practiceName,
    title: "Log a wave as it happens",
    explanation: `When a feed brings a sudden wave of sadness, dread or anger, tap the link or scan the code and log it. ${SELF_REPORT_REASSURANCE}`,
    privacy: "This link is just for you: please don't share it. Your consultant will see what you log at your next review.",
    expiry: `The link works until ${formatDate(input.expiresAt)}.`,
    phone: phone ? `Questions? Call ${input.practiceName} on ${phone}.` : null,
  };
}

/** How a record reported by the client through a link is marked wherever it shows. */
export const SELF_REPORT_LABEL = "Self-report";

/**
 * Who entered a screening: "Self-report" for the client's own (no staff name
 * then), else the consultant's name. `source` is optional so that a
 * screening from before the field existed reads as the consultant's.
 */
export function screeningSourceWords(screening: { source?: "consultant" | "client"; recordedByName?: string | null }): string {
  if (screening.source === "client") return SELF_REPORT_LABEL;
  return screening.recordedByName ?? "";
}

import type { Band, Flag, Trend } from "@wave/shared";
import type { RouterOutputs } from "../app/trpc";
import { formatDate, formatDateTime } from "../lib/dates";
import { bandLabels, flagLabels, trendLabels } from "../lib/labels";
import { AlertRefList } from "./alert-refs";
import { Badge, type BadgeTone } from "./badge";
import { DetailBadge } from "./detail-badge";

type FlagDetail = RouterOutputs["caseload"]["list"]["rows"][number]["flagDetails"][number];

const BAND_TONES: Record<Band, BadgeTone> = { mild: "good", moderate: "warning", severe: "danger" };

/** One tone per flag, shared by every page that shows flags. */
export const FLAG_TONES: Record<Flag, BadgeTone> = {
  self_harm: "urgent",
  epds_high: "danger",
  worsening: "warning",
  follow_up_overdue: "warning",
  considering_weaning: "info",
};

/** Severity band of the 30-day mean: a word with a colour, never the colour alone. */
export function BandLabel({ band }: { band: Band | null }) {
  if (!band) {
    return (
      <span className="muted" title="No episodes in the last 30 days">
        —<span className="visually-hidden">No episodes in the last 30 days</span>
      </span>
    );
  }
  return <Badge tone={BAND_TONES[band]}>{bandLabels.short[band]}</Badge>;
}

export function TrendLabel({ trend }: { trend: Trend }) {
  return <span className={`trend trend--${trend}`}>{trendLabels[trend]}</span>;
}

/** A flag's reason and, when known, since when: what its badge shows on hover and on focus. */
export function flagDetailText(detail: FlagDetail): string {
  return detail.since ? `${detail.reason}. Since ${formatDateTime(detail.since)}.` : `${detail.reason}.`;
}

/**
 * Flags in the server's order of attention. Each badge is focusable and shows
 * its reason and date in a tooltip on hover and on keyboard focus; screen
 * readers hear the same text with the label.
 */
export function FlagBadges({ details }: { details: readonly FlagDetail[] }) {
  if (details.length === 0) {
    return (
      <span className="muted">
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">No flags</span>
      </span>
    );
  }
  return (
    <ul className="flag-list">
      {details.map((detail) => (
        <li key={detail.flag}>
          <DetailBadge tone={FLAG_TONES[detail.flag]} detail={flagDetailText(detail)}>
            {flagLabels[detail.flag]}
          </DetailBadge>
        </li>
      ))}
    </ul>
  );
}

/** The open alerts behind a row's self-harm flag, if it has one. */
export function SelfHarmAlerts({ details }: { details: readonly FlagDetail[] }) {
  const selfHarm = details.find((detail) => detail.flag === "self_harm");
  return selfHarm ? <AlertRefList alerts={selfHarm.alerts} /> : null;
}

/**
 * Every flag as visible text, label and reason (a phone has no hover, and a
 * tooltip hides what must not be missed); the self-harm flag with what raised it.
 */
export function FlagTextList({ details }: { details: readonly FlagDetail[] }) {
  if (details.length === 0) return <p className="muted flag-text-none">No flags</p>;
  return (
    <ul className="flag-text-list">
      {details.map((detail) => (
        <li key={detail.flag} className={`flag-text flag-text--${detail.flag}`}>
          <Badge tone={FLAG_TONES[detail.flag]}>{flagLabels[detail.flag]}</Badge>
          <span className="flag-text__reason">{flagDetailText(detail)}</span>
          {detail.flag === "self_harm" ? <AlertRefList alerts={detail.alerts} /> : null}
        </li>
      ))}
    </ul>
  );
}

export function DateCell({ iso, emptyLabel }: { iso: string | null; emptyLabel: string }) {
  if (!iso) {
    return (
      <span className="muted">
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">{emptyLabel}</span>
      </span>
    );
  }
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatDate(iso)}
    </time>
  );
}

/** The next follow-up date, saying "overdue" in words once it has passed. */
export function FollowUpCell({ iso, now }: { iso: string | null; now: number }) {
  if (!iso) return <DateCell iso={null} emptyLabel="None scheduled" />;
  const overdue = Date.parse(iso) < now;
  return (
    <span className={overdue ? "follow-up follow-up--overdue" : "follow-up"}>
      <DateCell iso={iso} emptyLabel="" />
      {overdue ? <span className="follow-up__overdue">overdue</span> : null}
    </span>
  );
}

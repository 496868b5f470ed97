import { useState } from "react";
import { Link } from "react-router-dom";
import { OpenAlertsDialog } from "../app/lent-components";
import { formatCell } from "./cells";
import { flagDrill, overviewDrill, type Drill } from "./drill";
import { DrillValue } from "./drill-down";
import type { Overview } from "./practice-types";
import { type PracticeParams } from "./range";
import { intensityTrend, type IntensityDirection } from "./series";
import { formatHours } from "../lib/alert-words";
import { formatDay } from "../lib/dates";

const DIRECTION_MARK: Record<IntensityDirection, string> = { lower: "▼", higher: "▲", unchanged: "▬", unknown: "?" };

interface KpiProps {
  overview: Overview;
  params: PracticeParams;
  onDrill?: ((drill: Drill) => void) | undefined;
}

/** The four numbers a lead looks at first; each says what it counts, and opens its clients where it can. */
export function KpiTiles({ overview, params, onDrill }: KpiProps) {
  const t = overview.threshold;
  const latest = overview.weeks.at(-1);
  const trend = intensityTrend(overview, params.to);
  const overdue = overview.flags.follow_up_overdue;
  return (
    <ul className="kpi-tiles" aria-label="Key numbers">
      <li className="kpi" data-testid="kpi-active-clients">
        <p className="kpi__label">Active clients</p>
        <p className="kpi__value">
          {latest ? (
            <DrillValue
              text={formatCell(latest.activeClients, t)}
              drill={overviewDrill(params, latest.weekStart, "activeClients", latest.activeClients)}
              onDrill={onDrill}
            />
          ) : (
            "No data"
          )}
        </p>
        <p className="kpi__note">{latest ? `In the week of ${formatDay(latest.weekStart)}` : "No weeks in this range"}</p>
      </li>
      <UrgentTile overview={overview} params={params} interactive={onDrill !== undefined} />
      <li className="kpi" data-testid="kpi-overdue">
        <p className="kpi__label">Overdue follow-ups</p>
        <p className="kpi__value">
          <DrillValue text={formatCell(overdue, t)} drill={flagDrill(params, "follow_up_overdue", overdue)} onDrill={onDrill} />
        </p>
        <p className="kpi__note">Clients with a follow-up past due now</p>
      </li>
      <li className={`kpi kpi--trend kpi--${trend.direction}`} data-testid="kpi-intensity-trend">
        <p className="kpi__label">Mean intensity, latest week</p>
        <p className="kpi__value">
          {trend.headline}{" "}
          <span className="kpi__direction" aria-hidden="true">
            {DIRECTION_MARK[trend.direction]}
          </span>
        </p>
        <p className="kpi__note">
          {trend.words}
          {trend.latestWeek ? ` Week of ${formatDay(trend.latestWeek)}${trend.latestPartial ? " (so far)" : ""}.` : ""}
        </p>
      </li>
    </ul>
  );
}

/** "1 of 2 acknowledged · longest open 5 h 10 min · median time to follow-up 3 h 20 min (4 resolved in range)". */
function safetyNote(safety: Overview["safety"]): string {
  const parts = [`${safety.acknowledgedOpen} of ${safety.openAlerts} open ${safety.openAlerts === 1 ? "alert" : "alerts"} acknowledged`];
  if (safety.longestOpenHours !== null) parts.push(`longest open ${formatHours(safety.longestOpenHours)}`);
  parts.push(
    safety.medianHoursToResolve === null
      ? "none resolved in this range"
      : `median time to follow-up ${formatHours(safety.medianHoursToResolve)} (${safety.resolvedInRange} resolved in this range)`,
  );
  return `${parts.join(" · ")}.`;
}

/**
 * Clients with an open safety alert: the real number, never small-cell
 * suppressed (the lead may see every one of them), opening the alerts with
 * when each was raised, the consultant and whether anyone has seen it.
 */
function UrgentTile({ overview, params, interactive }: { overview: Overview; params: PracticeParams; interactive: boolean }) {
  const [open, setOpen] = useState(false);
  const text = formatCell(overview.flags.self_harm, overview.threshold);
  return (
    <li className="kpi kpi--urgent" data-testid="kpi-urgent-flags">
      <p className="kpi__label">
        <span className="kpi__icon" aria-hidden="true">
          !
        </span>
        Urgent flags (self-harm)
      </p>
      <p className="kpi__value">
        {interactive ? (
          <button
            type="button"
            className="drill-button"
            onClick={() => setOpen(true)}
            aria-haspopup="dialog"
            aria-label={`${text}: list the open safety alerts`}
          >
            {text}
          </button>
        ) : (
          text
        )}
      </p>
      <p className="kpi__note">Clients awaiting same-day follow-up now.</p>
      <p className="kpi__note" data-testid="kpi-safety">
        {safetyNote(overview.safety)}
      </p>
      {interactive ? (
        <p className="kpi__note no-print">
          <Link to="/alerts">Open the alert list</Link>
        </p>
      ) : null}
      {open ? <OpenAlertsDialog consultantId={params.consultantId} onClose={() => setOpen(false)} /> : null}
    </li>
  );
}

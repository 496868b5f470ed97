import { formatCell } from "./cells";
import { flagDrill, overviewDrill, type Drill } from "./drill";
import { DrillValue } from "./drill-down";
import type { Overview } from "./practice-types";
import { formatDay, type PracticeParams } from "./range";
import { intensityTrend, type IntensityDirection } from "./series";

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
  const selfHarm = overview.flags.self_harm;
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
      <li className="kpi kpi--urgent" data-testid="kpi-urgent-flags">
        <p className="kpi__label">
          <span className="kpi__icon" aria-hidden="true">
            !
          </span>
          Urgent flags (self-harm)
        </p>
        <p className="kpi__value">
          <DrillValue text={formatCell(selfHarm, t)} drill={flagDrill(params, "self_harm", selfHarm)} onDrill={onDrill} />
        </p>
        <p className="kpi__note">Clients awaiting same-day follow-up now</p>
      </li>
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

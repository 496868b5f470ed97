import { createColumnHelper } from "@tanstack/react-table";
import { Link } from "react-router-dom";
import type { CaseloadRow, CaseloadSortField } from "./caseload-types";
import { formatIntensity } from "../lib/format";
import { BandLabel, DateCell, FlagBadges, FollowUpCell, SelfHarmAlerts, TrendLabel } from "../ui/clinical-labels";

const column = createColumnHelper<CaseloadRow>();

/** Column ids are the server's sort fields, so a header click maps straight onto `sort.field`. */
type SortableId = Exclude<CaseloadSortField, "attention">;

// First click sorts the way a clinician most often wants: most episodes,
// highest intensity, severest band, worsening trend first.
export function caseloadColumns(now: number) {
  const sortable = (id: SortableId, descFirst: boolean) => ({ id, enableSorting: true, sortDescFirst: descFirst });
  return [
    column.accessor("displayName", {
      ...sortable("displayName", false),
      header: "Client",
      cell: (info) => (
        <Link className="client-link" to={`/clients/${info.row.original.clientId}`}>
          {info.getValue()}
        </Link>
      ),
    }),
    column.accessor("consultantName", {
      ...sortable("consultantName", false),
      header: "Consultant",
    }),
    column.accessor("postpartumWeeks", {
      ...sortable("postpartumWeeks", false),
      header: "Weeks postpartum",
      meta: { numeric: true },
    }),
    column.accessor("episodes7d", {
      ...sortable("episodes7d", true),
      header: "Episodes 7d",
      meta: { numeric: true, description: "Episodes in the last 7 days" },
    }),
    column.accessor("episodes30d", {
      ...sortable("episodes30d", true),
      header: "Episodes 30d",
      meta: { numeric: true, description: "Episodes in the last 30 days" },
    }),
    column.accessor("meanIntensity30d", {
      ...sortable("meanIntensity30d", true),
      header: "Mean intensity 30d",
      meta: { numeric: true, description: "Mean episode intensity (1 to 10) over the last 30 days" },
      cell: (info) => formatIntensity(info.getValue()),
    }),
    column.accessor("band", {
      ...sortable("band", true),
      header: "Band",
      cell: (info) => <BandLabel band={info.getValue()} />,
    }),
    column.accessor("trend", {
      ...sortable("trend", true),
      header: "Trend",
      cell: (info) => <TrendLabel trend={info.getValue()} />,
    }),
    column.accessor("lastEpisodeAt", {
      ...sortable("lastEpisodeAt", true),
      header: "Last episode",
      cell: (info) => <DateCell iso={info.getValue()} emptyLabel="No episodes recorded" />,
    }),
    column.accessor("nextFollowUpAt", {
      ...sortable("nextFollowUpAt", false),
      header: () => (
        <>
          Next <span className="nowrap">follow-up</span>
        </>
      ),
      meta: { label: "Next follow-up" },
      cell: (info) => <FollowUpCell iso={info.getValue()} now={now} />,
    }),
    column.accessor("flagDetails", {
      id: "flags",
      header: "Flags",
      enableSorting: false,
      cell: (info) => (
        <>
          <FlagBadges details={info.getValue()} />
          <SelfHarmAlerts details={info.getValue()} />
        </>
      ),
    }),
  ];
}

/** Every column id the caseload can be sorted by, for validating the `sort` URL parameter. */
export const SORTABLE_FIELDS: ReadonlySet<string> = new Set(
  caseloadColumns(0)
    .filter((definition) => definition.enableSorting !== false)
    .map((definition) => definition.id)
    .filter((id): id is string => id !== undefined),
);

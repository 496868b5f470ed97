import { createColumnHelper } from "@tanstack/react-table";
import { format, parseISO } from "date-fns";
import { EditEpisodeButton } from "../recording/edit-episode-button";
import type { EpisodeRecord } from "./review-types";
import { SELF_REPORT_LABEL } from "./self-report-words";
import { WarningIcon } from "./warning-icon";
import { formatDate, formatDateTime } from "../../lib/dates";
import { formatDuration } from "../../lib/format";
import { contextLabels, dysphoriaTypeLabels, impactLabels, impactRank, letDownLabels } from "../../lib/labels";

/** DOMAIN.md: most episodes pass within 1-5 minutes; a longer one is worth a second look. */
const ATYPICAL_DURATION_SECONDS = 5 * 60;

const column = createColumnHelper<EpisodeRecord>();

/** Shown where an older or self-reported episode left a field out. */
function NotRecorded() {
  return (
    <span className="muted">
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">Not recorded</span>
    </span>
  );
}

const NUMERIC_COLUMNS: ReadonlySet<string> = new Set(["durationSeconds", "intensity"]);
const ONE_LINE_COLUMNS: ReadonlySet<string> = new Set(["context", "letDown", "durationSeconds", "intensity", "selfHarmThoughts", "source"]);

/**
 * Classes for a column's header and cells: numbers align right, short values
 * stay on one line, and `col-<id>` lets the print brief drop a column.
 */
export function episodeColumnClass(columnId: string): string {
  return [
    `col-${columnId}`,
    NUMERIC_COLUMNS.has(columnId) ? "numeric" : null,
    ONE_LINE_COLUMNS.has(columnId) ? "nowrap-cell" : null,
    columnId === "actions" ? "no-print" : null,
  ]
    .filter(Boolean)
    .join(" ");
}

/** Sort by the ranking a clinician would expect; columns without a value sort last. */
export const episodeColumns = [
  column.accessor((episode) => Date.parse(episode.occurredAt), {
    id: "occurredAt",
    header: "Date",
    sortDescFirst: true,
    cell: (info) => {
      const iso = info.row.original.occurredAt;
      return (
        <time dateTime={iso} title={formatDateTime(iso)}>
          {formatDate(iso)}
          <span className="review-table__time">{format(parseISO(iso), "HH:mm")}</span>
        </time>
      );
    },
  }),
  column.accessor((episode) => (episode.context ? contextLabels.short[episode.context] : undefined), {
    id: "context",
    header: "Context",
    sortUndefined: "last",
    cell: (info) => info.getValue() ?? <NotRecorded />,
  }),
  column.accessor((episode) => letDownLabels.short[episode.letDown], {
    id: "letDown",
    header: "Let-down",
  }),
  column.accessor((episode) => episode.durationSeconds ?? undefined, {
    id: "durationSeconds",
    header: "Duration",
    sortDescFirst: true,
    sortUndefined: "last",
    cell: (info) => {
      const seconds = info.getValue();
      if (seconds === undefined) return <NotRecorded />;
      return (
        <>
          {formatDuration(seconds)}
          {seconds > ATYPICAL_DURATION_SECONDS ? <span className="review-table__note">longer than usual</span> : null}
        </>
      );
    },
  }),
  column.accessor((episode) => episode.types.map((type) => dysphoriaTypeLabels[type]).join(", "), {
    id: "types",
    header: "Types",
    enableSorting: false,
  }),
  column.accessor("intensity", {
    header: "Intensity",
    sortDescFirst: true,
    cell: (info) => (
      <span className={`intensity intensity--${info.row.original.band}`}>
        <span className="intensity__value">{info.getValue()}</span>
        <span className="intensity__band">{info.row.original.band}</span>
      </span>
    ),
  }),
  column.accessor((episode) => (episode.impact ? impactRank[episode.impact] : undefined), {
    id: "impact",
    header: "Impact on feeding",
    sortDescFirst: true,
    sortUndefined: "last",
    cell: (info) => {
      const impact = info.row.original.impact;
      return impact ? impactLabels.short[impact] : <NotRecorded />;
    },
  }),
  column.accessor("selfHarmThoughts", {
    header: "Self-harm",
    sortDescFirst: true,
    sortingFn: (a, b) => Number(a.original.selfHarmThoughts) - Number(b.original.selfHarmThoughts),
    cell: (info) =>
      info.getValue() ? (
        <span className="self-harm-yes">
          <WarningIcon />
          Yes
        </span>
      ) : (
        "No"
      ),
  }),
  column.accessor((episode) => (episode.source === "client" ? SELF_REPORT_LABEL : "Consultant"), {
    id: "source",
    header: "Source",
    cell: (info) => {
      const episode = info.row.original;
      if (episode.source === "client") return SELF_REPORT_LABEL;
      return (
        <>
          Consultant
          {episode.recordedByName ? <span className="review-table__note">{episode.recordedByName}</span> : null}
        </>
      );
    },
  }),
  column.accessor((episode) => episode.notes ?? "", {
    id: "notes",
    header: "Notes",
    enableSorting: false,
    cell: (info) => (info.getValue() ? <span className="review-table__notes">{info.getValue()}</span> : <NotRecorded />),
  }),
  column.display({
    id: "actions",
    header: () => <span className="visually-hidden">Actions</span>,
    cell: (info) => <EditEpisodeButton episode={info.row.original} />,
  }),
];

/** Column names in words, for the "Sorted by …" line (some headers are markup). */
export const EPISODE_COLUMN_NAMES: Record<string, string> = {
  occurredAt: "date",
  context: "context",
  letDown: "let-down",
  durationSeconds: "duration",
  intensity: "intensity",
  impact: "impact on feeding",
  selfHarmThoughts: "self-harm thoughts",
  source: "source",
};

import { useQuery } from "@tanstack/react-query";
import {
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type SortingState,
} from "@tanstack/react-table";
import { useState } from "react";
import { useTRPC } from "../../app/trpc";
import { Button } from "../../ui/button";
import { EPISODE_COLUMN_NAMES, episodeColumnClass, episodeColumns } from "./episode-columns";
import { PRINT_ROWS, PrintNote } from "./print-note";
import { QueryContent, ReviewSection } from "./review-section";
import type { EpisodeRecord } from "./review-types";
import { recordAnchor, useRevealRequests } from "./reveal-record";
import { plural } from "../../lib/format";
import { SortableHead } from "../../ui/sortable-head";
import { Table } from "../../ui/table";

/** Enough rows to read the recent course at a glance; the rest are one click away. */
export const EPISODES_SHOWN_FIRST = 20;
const NEWEST_FIRST: SortingState = [{ id: "occurredAt", desc: true }];

export function EpisodesTable({ clientId }: { clientId: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.episodes.list.queryOptions({ clientId }));
  const count = query.data?.length;
  return (
    <ReviewSection
      id="episodes"
      title={count === undefined ? "Episodes" : `Episodes (${count})`}
      className="review-episodes"
    >
      <QueryContent
        query={query}
        what="episodes"
        isEmpty={(episodes) => episodes.length === 0}
        emptyTitle="No episodes recorded yet"
        emptyBody={<p>Episodes the client reports, or that you record, appear here.</p>}
      >
        {(episodes) => <EpisodeRows episodes={episodes} />}
      </QueryContent>
    </ReviewSection>
  );
}

/** Sorted in the browser: a client has tens to hundreds of episodes, all already loaded. */
function EpisodeRows({ episodes }: { episodes: EpisodeRecord[] }) {
  const [sorting, setSorting] = useState<SortingState>(NEWEST_FIRST);
  const [showAll, setShowAll] = useState(false);
  const table = useReactTable({
    data: episodes,
    columns: episodeColumns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (episode) => episode.id,
    enableMultiSort: false,
    // Clearing the sort would leave no order at all; a third click returns to newest first.
    enableSortingRemoval: false,
  });

  const rows = table.getRowModel().rows;
  const visible = showAll ? rows : rows.slice(0, EPISODES_SHOWN_FIRST);
  // A safety alert's link may point at an episode beyond the first rows: show them all to reach it.
  useRevealRequests((anchor) => {
    const hidden = rows.slice(EPISODES_SHOWN_FIRST).some((row) => recordAnchor("episode", row.id) === anchor);
    if (hidden) setShowAll(true);
  });
  const hidden = rows.length - visible.length;
  const sort = sorting[0] ?? NEWEST_FIRST[0];
  const sortedBy = sort
    ? `Sorted by ${EPISODE_COLUMN_NAMES[sort.id] ?? sort.id}, ${sort.id === "occurredAt" ? (sort.desc ? "newest first" : "oldest first") : sort.desc ? "descending" : "ascending"}`
    : "";
  const isDefaultSort = sort?.id === "occurredAt" && sort.desc;

  return (
    <>
      <div className="review-table-status">
        <p aria-live="polite">
          {sortedBy}. Showing {visible.length} of {plural(rows.length, "episode")}.
        </p>
        {!isDefaultSort ? (
          <Button variant="quiet" className="no-print" onClick={() => setSorting(NEWEST_FIRST)}>
            Newest first
          </Button>
        ) : null}
      </div>
      <div id="episodes-rows" className="review-table-scroll" role="region" aria-labelledby="episodes-caption" tabIndex={0}>
        <Table className="review-table review-table--episodes" data-testid="episodes-table">
          <caption id="episodes-caption" className="visually-hidden">
            Episodes. {sortedBy}. Column headers are buttons that change the sort.
          </caption>
          <SortableHead table={table} cellClassName={(header) => episodeColumnClass(header.column.id)} />
          <tbody>
            {visible.map((row) => (
              <tr
                key={row.id}
                id={recordAnchor("episode", row.id)}
                tabIndex={-1}
                data-testid="episode-row"
                className={row.original.selfHarmThoughts ? "episode-row episode-row--self-harm" : "episode-row"}
              >
                {row.getVisibleCells().map((cell) => {
                  const content = flexRender(cell.column.columnDef.cell, cell.getContext());
                  if (cell.column.id === "occurredAt") {
                    return (
                      <th key={cell.id} scope="row" className="review-table__date">
                        {content}
                      </th>
                    );
                  }
                  return (
                    <td key={cell.id} className={episodeColumnClass(cell.column.id)}>
                      {content}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
      <PrintNote shown={Math.min(PRINT_ROWS.episodes, visible.length)} total={rows.length} noun="episodes" />
      {rows.length > EPISODES_SHOWN_FIRST ? (
        <p className="review-table-more no-print">
          <Button onClick={() => setShowAll((value) => !value)} aria-expanded={showAll} aria-controls="episodes-rows">
            {showAll ? `Show the first ${EPISODES_SHOWN_FIRST}` : `Show all ${rows.length} episodes`}
          </Button>
          {hidden > 0 ? <span className="muted"> {plural(hidden, "more episode")} not shown</span> : null}
        </p>
      ) : null}
    </>
  );
}

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { flexRender, getCoreRowModel, useReactTable, type Row, type SortingState, type Updater } from "@tanstack/react-table";
import { useMemo } from "react";
import { useTRPC } from "../app/trpc";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { Spinner } from "../ui/loading";
import { usePageTitle } from "../ui/page-title";
import { QueryState } from "../ui/query-state";
import { caseloadColumns, SORTABLE_FIELDS } from "./caseload-columns";
import { CaseloadCards } from "./caseload-cards";
import { CaseloadFilterBar, type Consultant } from "./caseload-filters";
import { DEFAULT_SORT, hasFilters, toListFilters, useCaseloadParams } from "./caseload-params";
import { CaseloadSearch } from "./caseload-search";
import { CASELOAD_PAGE_SIZE, type CaseloadRow, type CaseloadSortField } from "./caseload-types";
import { NewClientAction } from "./new-client";
import { PinnedSummary } from "./pinned-summary";
import { useSignedInUser } from "../app/signed-in-user";
import { PHONE_QUERY, useMediaQuery } from "../lib/use-media-query";
import { Pagination } from "../ui/pagination";
import { SortableHead } from "../ui/sortable-head";
import { Table } from "../ui/table";

const EMPTY_ROWS: CaseloadRow[] = [];

/** The practice's active consultants (users.list, leads only), for the Consultant filter and the New client form. */
function useConsultants(enabled: boolean): Consultant[] | null {
  const trpc = useTRPC();
  const query = useQuery({
    ...trpc.users.list.queryOptions(),
    enabled,
    staleTime: 5 * 60_000,
    select: (staff) =>
      staff
        .filter((member) => member.role === "consultant" && member.deactivatedAt === null)
        .map((member) => ({ id: member.id, name: member.name })),
  });
  if (!enabled) return null;
  return query.data ?? [];
}

function pluralClients(count: number): string {
  return `${count} ${count === 1 ? "client" : "clients"}`;
}

export function CaseloadPage() {
  usePageTitle("Caseload");
  const me = useSignedInUser();
  const isLead = me.role === "lead";
  const trpc = useTRPC();
  const { params, setSort, setPage, setSearch, clearSearch, setFilters, clearFilters } = useCaseloadParams(SORTABLE_FIELDS);
  const search = params.search.trim();
  const consultants = useConsultants(isLead);
  // Only a lead filters by consultant; a consultant's caseload is theirs whatever the address says.
  const filters = isLead ? params : { ...params, consultantId: null };
  const filtered = hasFilters(filters);

  const query = useQuery(
    trpc.caseload.list.queryOptions(
      {
        ...(search ? { search } : {}),
        sort: { field: params.sort, desc: params.desc },
        filters: toListFilters(filters),
        page: params.page,
        pageSize: CASELOAD_PAGE_SIZE,
      },
      // Keep the current page on screen while the next sort or page loads.
      { placeholderData: keepPreviousData },
    ),
  );

  const pinned = query.data?.pinned ?? EMPTY_ROWS;
  const pageRows = query.data?.rows ?? EMPTY_ROWS;
  // A pinned client that also matches the view is listed once, in the pinned block.
  const rows = useMemo(() => {
    const pinnedIds = new Set(pinned.map((row) => row.clientId));
    return pageRows.filter((row) => !pinnedIds.has(row.clientId));
  }, [pinned, pageRows]);
  const total = query.data?.total ?? 0;
  const phone = useMediaQuery(PHONE_QUERY);
  const pageCount = Math.max(1, Math.ceil(total / CASELOAD_PAGE_SIZE));
  // "Overdue" is judged against when the data was fetched, as the server's flags are.
  const fetchedAt = query.dataUpdatedAt;
  const columns = useMemo(() => caseloadColumns(fetchedAt), [fetchedAt]);
  const sorting: SortingState = params.sort === DEFAULT_SORT ? [] : [{ id: params.sort, desc: params.desc }];

  const columnVisibility = { consultantName: isLead };
  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.clientId,
    manualSorting: true,
    manualPagination: true,
    enableMultiSort: false,
    enableSortingRemoval: true,
    rowCount: total,
    state: {
      sorting,
      pagination: { pageIndex: params.page - 1, pageSize: CASELOAD_PAGE_SIZE },
      columnVisibility,
    },
    onSortingChange: (updater: Updater<SortingState>) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      const first = next[0];
      // Removing the column sort returns to the server's "needs attention" order.
      setSort(first ? (first.id as CaseloadSortField) : DEFAULT_SORT, first?.desc ?? false);
    },
  });

  // The pinned block: the same columns, in the server's attention order, whatever the sort.
  const pinnedTable = useReactTable({
    data: pinned,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.clientId,
    manualSorting: true,
    manualPagination: true,
    state: { columnVisibility },
  });

  const sortedColumn = params.sort === DEFAULT_SORT ? null : table.getColumn(params.sort);
  const sortDescription = sortedColumn
    ? `Sorted by ${sortedColumn.columnDef.meta?.label ?? String(sortedColumn.columnDef.header)}, ${params.desc ? "descending" : "ascending"}`
    : "Sorted by need for attention: urgent flags first";
  const isRefreshing = query.isFetching && query.isPlaceholderData;

  return (
    <>
      <div className="page-header caseload-header">
        <div>
          <h1>Caseload</h1>
          <p className="page-header__lede">
            {isLead ? `Every active client at ${me.practiceName}.` : "Your active clients."} Clients who need you most come first.
          </p>
        </div>
        <NewClientAction consultants={consultants} />
      </div>

      <div className="toolbar">
        <CaseloadSearch value={params.search} onSearch={setSearch} />
        <div className="toolbar__status">
          <p className="result-count" aria-live="polite">
            {query.data ? pluralClients(total) : "\u00a0"}
          </p>
          {isRefreshing ? (
            <p className="refreshing" role="status">
              <Spinner /> Updating…
            </p>
          ) : null}
        </div>
      </div>

      <CaseloadFilterBar filters={filters} consultants={consultants} onChange={setFilters} onClear={clearFilters} />

      <div className="sort-status">
        <p>{sortDescription}.</p>
        {sortedColumn ? (
          <Button variant="quiet" onClick={() => setSort(DEFAULT_SORT, false)}>
            Sort by attention
          </Button>
        ) : null}
      </div>

      {query.data ? (
        <PinnedSummary pinned={pinned.length} outsideFilter={query.data.pinnedOutsideFilter} />
      ) : null}

      <QueryState query={query} what="the caseload" loadingLabel="Loading caseload…">
        {() => (
          <>
            {pinned.length > 0 || rows.length > 0 ? (
              phone ? (
                <div className={isRefreshing ? "caseload-cards-wrap table-scroll--refreshing" : "caseload-cards-wrap"}>
                  <CaseloadCards pinned={pinned} rows={rows} now={fetchedAt} showConsultant={isLead} sortDescription={sortDescription} />
                </div>
              ) : (
                <div
                  className={isRefreshing ? "table-scroll table-scroll--refreshing" : "table-scroll"}
                  role="region"
                  aria-labelledby="caseload-caption"
                  tabIndex={0}
                >
                  <Table className="caseload-table">
                    <caption id="caseload-caption" className="visually-hidden">
                      Caseload, page {params.page} of {pageCount}. {sortDescription}.
                      {pinned.length > 0 ? " Clients needing same-day follow-up are pinned first." : ""} Column headers are buttons that change the
                      sort.
                    </caption>
                    <SortableHead
                      table={table}
                      cellClassName={(header) => (header.column.columnDef.meta?.numeric ? "numeric" : undefined)}
                      cellTitle={(header) => header.column.columnDef.meta?.description}
                    />
                    {pinned.length > 0 ? (
                      <tbody className="caseload-pinned" data-testid="caseload-pinned">
                        <tr className="caseload-group caseload-group--urgent">
                          <th scope="rowgroup" colSpan={table.getVisibleLeafColumns().length}>
                            Needs same-day follow-up <span className="caseload-group__note">(pinned first whatever the sort)</span>
                          </th>
                        </tr>
                        {pinnedTable.getRowModel().rows.map((row) => (
                          <CaseloadTableRow key={row.id} row={row} pinned />
                        ))}
                      </tbody>
                    ) : null}
                    {rows.length > 0 ? (
                      <tbody>
                        {pinned.length > 0 ? (
                          <tr className="caseload-group">
                            <th scope="rowgroup" colSpan={table.getVisibleLeafColumns().length}>
                              Other clients <span className="caseload-group__note">({sortDescription.toLowerCase()})</span>
                            </th>
                          </tr>
                        ) : null}
                        {table.getRowModel().rows.map((row) => (
                          <CaseloadTableRow key={row.id} row={row} pinned={false} />
                        ))}
                      </tbody>
                    ) : null}
                  </Table>
                </div>
              )
            ) : null}
            {pageRows.length === 0 ? (
              <CaseloadEmpty
                search={search}
                filtered={filtered}
                total={total}
                isLead={isLead}
                onClearSearch={clearSearch}
                onClearFilters={clearFilters}
                onFirstPage={() => setPage(1)}
              />
            ) : rows.length === 0 ? (
              <p className="caseload-all-pinned">Every client on this page is in the pinned block above.</p>
            ) : null}
          </>
        )}
      </QueryState>

      {query.data && total > 0 ? (
        <Pagination label="Caseload pages" page={params.page} pageCount={pageCount} onPage={setPage} />
      ) : null}
    </>
  );
}

/** One client as a table row; a pinned row carries `data-pinned` so tests and styles can tell the blocks apart. */
function CaseloadTableRow({ row, pinned }: { row: Row<CaseloadRow>; pinned: boolean }) {
  const urgent = row.original.flags.includes("self_harm");
  const className = ["caseload-row", urgent ? "caseload-row--urgent" : null, pinned ? "caseload-row--pinned" : null].filter(Boolean).join(" ");
  return (
    <tr data-testid="caseload-row" data-pinned={pinned ? "true" : undefined} className={className}>
      {row.getVisibleCells().map((cell) =>
        cell.column.id === "displayName" ? (
          <th key={cell.id} scope="row" className="cell-client">
            {flexRender(cell.column.columnDef.cell, cell.getContext())}
          </th>
        ) : (
          <td key={cell.id} className={cell.column.columnDef.meta?.numeric ? "numeric" : undefined}>
            {flexRender(cell.column.columnDef.cell, cell.getContext())}
          </td>
        ),
      )}
    </tr>
  );
}

interface CaseloadEmptyProps {
  search: string;
  filtered: boolean;
  total: number;
  isLead: boolean;
  onClearSearch: () => void;
  onClearFilters: () => void;
  onFirstPage: () => void;
}

function CaseloadEmpty({ search, filtered, total, isLead, onClearSearch, onClearFilters, onFirstPage }: CaseloadEmptyProps) {
  if (total > 0) {
    return (
      <EmptyState title="This page is past the end of the list." action={<Button onClick={onFirstPage}>Go to page 1</Button>} />
    );
  }
  if (filtered) {
    return (
      <EmptyState
        title="No clients match these filters"
        action={
          <>
            <Button onClick={onClearFilters}>Clear filters</Button>
            {search ? <Button onClick={onClearSearch}>Clear search</Button> : null}
          </>
        }
      >
        <p>{search ? `Nobody matching “${search}” fits every filter chosen.` : "Nobody on this caseload fits every filter chosen."}</p>
      </EmptyState>
    );
  }
  if (search) {
    return (
      <EmptyState
        title={`No clients match “${search}”.`}
        action={<Button onClick={onClearSearch}>Clear search</Button>}
      >
        <p>Check the spelling, or search for part of the name.</p>
      </EmptyState>
    );
  }
  return isLead ? (
    <EmptyState title="No clients in this practice yet">
      <p>Clients appear here once a consultant adds them.</p>
    </EmptyState>
  ) : (
    <EmptyState title="No clients assigned to you yet">
      <p>Clients appear here once you add them or your practice lead assigns them to you.</p>
    </EmptyState>
  );
}

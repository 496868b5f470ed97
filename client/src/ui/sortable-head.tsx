import { flexRender, type Header, type Table as TanStackTable } from "@tanstack/react-table";

/** How a sorted column is announced: `aria-sort` on its header cell. */
function ariaSort(sorted: false | "asc" | "desc"): "ascending" | "descending" | "none" {
  if (sorted === "asc") return "ascending";
  if (sorted === "desc") return "descending";
  return "none";
}

/**
 * A TanStack table's header rows: a sortable column's header is a button
 * (its label and an arrow), announced with `aria-sort`; others are plain text.
 * `cellClassName` and `cellTitle` let a feature mark its own columns.
 */
export function SortableHead<Row>({
  table,
  cellClassName,
  cellTitle,
}: {
  table: TanStackTable<Row>;
  cellClassName?: (header: Header<Row, unknown>) => string | undefined;
  cellTitle?: (header: Header<Row, unknown>) => string | undefined;
}) {
  return (
    <thead>
      {table.getHeaderGroups().map((group) => (
        <tr key={group.id}>
          {group.headers.map((header) => {
            const canSort = header.column.getCanSort();
            const sorted = header.column.getIsSorted();
            const label = flexRender(header.column.columnDef.header, header.getContext());
            return (
              <th
                key={header.id}
                scope="col"
                className={cellClassName?.(header)}
                title={cellTitle?.(header)}
                aria-sort={canSort ? ariaSort(sorted) : undefined}
              >
                {canSort ? (
                  <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()}>
                    <span>{label}</span>
                    <span className={`sort-indicator sort-indicator--${sorted || "none"}`} aria-hidden="true" />
                  </button>
                ) : (
                  label
                )}
              </th>
            );
          })}
        </tr>
      ))}
    </thead>
  );
}

import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import type { Cell } from "@wave/shared";
import { useMemo } from "react";
import { Badge } from "../ui/badge";
import { formatCell } from "./cells";
import { workloadDrill, type Drill } from "./drill";
import { DrillValue } from "./drill-down";
import { WORKLOAD_MEASURE_LABELS } from "./practice-labels";
import type { Workload, WorkloadMeasure, WorkloadRow } from "./practice-types";
import { Table } from "../ui/table";

const column = createColumnHelper<WorkloadRow>();
const MEASURES: readonly WorkloadMeasure[] = ["activeClients", "flaggedClients", "overdueFollowUps", "episodes30d"];


function workloadColumns(threshold: number, onDrill: ((drill: Drill) => void) | undefined) {
  return [
    column.accessor("consultantName", {
      header: "Consultant",
      cell: (info) => (
        <>
          {info.getValue()}{" "}
          {info.row.original.deactivated ? (
            <Badge tone="neutral" detail="Their clients await reassignment on the Staff page">
              Deactivated
            </Badge>
          ) : null}
        </>
      ),
    }),
    ...MEASURES.map((measure) =>
      column.accessor((row) => row[measure], {
        id: measure,
        header: WORKLOAD_MEASURE_LABELS[measure],
        meta: { numeric: true },
        cell: (info) => {
          const cell: Cell = info.getValue();
          const row = info.row.original;
          return (
            <DrillValue
              text={formatCell(cell, threshold)}
              drill={workloadDrill(row.consultantId, row.consultantName, measure, cell)}
              onDrill={onDrill}
            />
          );
        },
      }),
    ),
  ];
}

/** One row per consultant: the load each carries now, each number opening its clients. */
export function WorkloadTable({ workload, onDrill }: { workload: Workload; onDrill?: ((drill: Drill) => void) | undefined }) {
  const columns = useMemo(() => workloadColumns(workload.threshold, onDrill), [workload.threshold, onDrill]);
  const table = useReactTable({
    data: workload.rows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.consultantId,
  });
  return (
    <div className="table-scroll">
      <Table className="practice-table" data-testid="workload-table">
        <caption className="visually-hidden">Workload per consultant</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col" className={header.column.columnDef.meta?.numeric ? "numeric" : undefined}>
                  {flexRender(header.column.columnDef.header, header.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} data-testid="workload-row" className={row.original.deactivated ? "practice-table__row--inactive" : undefined}>
              {row.getVisibleCells().map((cell, index) => {
                const content = flexRender(cell.column.columnDef.cell, cell.getContext());
                const value: unknown = cell.getValue();
                const suppressed = typeof value === "object" && value !== null && "suppressed" in value && value.suppressed === true;
                return index === 0 ? (
                  <th key={cell.id} scope="row">
                    {content}
                  </th>
                ) : (
                  <td key={cell.id} className={suppressed ? "numeric suppressed" : "numeric"}>
                    {content}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

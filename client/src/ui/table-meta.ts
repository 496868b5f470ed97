// What Wave's tables say about a column, beyond TanStack Table's own
// definition. One declaration for every table; TanStack requires the
// generic parameters even though the fields do not use them.
declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData, TValue> {
    /** Right-aligned, tabular figures. */
    numeric?: boolean;
    /** The column's name as plain text, when its header is markup. */
    label?: string;
    /** A fuller name for the column, for hover and screen readers. */
    description?: string;
  }
}

export {};

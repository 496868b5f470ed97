import type { TableHTMLAttributes } from "react";
import styles from "./table.module.css";

/** A data table with Wave's shared rules (ui/table.module.css); `className` adds the feature's layout. Mark number cells `numeric`. */
export function Table({ className, ...rest }: TableHTMLAttributes<HTMLTableElement>) {
  return <table {...rest} className={[styles.table, className].filter(Boolean).join(" ")} />;
}

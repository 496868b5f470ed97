import type { ReactNode } from "react";
import styles from "./chip.module.css";

export interface ToggleChipProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
}

/** A filter that is on or off: a real checkbox inside a pill-shaped label, so keyboard and screen readers work as usual. */
export function ToggleChip({ checked, onChange, children }: ToggleChipProps) {
  return (
    <label className={checked ? `${styles.chip} ${styles.on}` : styles.chip}>
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      {children}
    </label>
  );
}

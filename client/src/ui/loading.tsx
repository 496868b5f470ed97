import styles from "./loading.module.css";

export function Spinner() {
  return <span className={styles.spinner} aria-hidden="true" />;
}

/** A polite, announced loading state. */
export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div className={styles.loading} role="status">
      <Spinner />
      <span>{label}</span>
    </div>
  );
}

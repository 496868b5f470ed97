export function Spinner() {
  return <span className="spinner" aria-hidden="true" />;
}

/** A polite, announced loading state. */
export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="loading" role="status">
      <Spinner />
      <span>{label}</span>
    </div>
  );
}

import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { messageOf } from "../../lib/server-error";
import { Button } from "../../ui/button";
import { EmptyState } from "../../ui/empty-state";
import { ErrorMessage } from "../../ui/error-message";
import { Loading } from "../../ui/loading";

export interface ReviewSectionProps {
  /** Stable id: the section's heading is `${id}-heading`, which tables and regions refer to. */
  id: string;
  title: string;
  /** Controls shown beside the heading (toggles, "Show all"). Hidden in print. */
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
}

/** One section of the review page: a landmark named by its own <h2>. */
export function ReviewSection({ id, title, actions, className, children }: ReviewSectionProps) {
  const headingId = `${id}-heading`;
  return (
    <section id={id} className={["panel", "review-section", className].filter(Boolean).join(" ")} aria-labelledby={headingId}>
      <div className="review-section__head">
        <h2 id={headingId}>{title}</h2>
        {actions ? <div className="review-section__actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}

export interface QueryContentProps<T> {
  query: UseQueryResult<T, unknown>;
  /** What is loading, in words: "episodes", "the EPDS history". */
  what: string;
  isEmpty?: (data: T) => boolean;
  emptyTitle?: string;
  emptyBody?: ReactNode;
  children: (data: T) => ReactNode;
}

/**
 * A section's own loading, empty and error states, so one failing query
 * leaves the rest of the page readable. Data already on screen stays when a
 * background refresh fails, with a note and a retry.
 */
export function QueryContent<T>({ query, what, isEmpty, emptyTitle, emptyBody, children }: QueryContentProps<T>) {
  const retry = () => void query.refetch();
  if (query.data === undefined) {
    if (query.isError) {
      return (
        <ErrorMessage
          title={`We couldn't load ${what}`}
          message={messageOf(query.error)}
          onRetry={retry}
          retrying={query.isFetching}
        />
      );
    }
    return <Loading label={`Loading ${what}…`} />;
  }
  const data = query.data;
  return (
    <>
      {query.isError ? (
        <div className="review-stale" role="alert">
          <p>
            We couldn't refresh {what}, so this may be out of date. {messageOf(query.error)}
          </p>
          <Button variant="quiet" onClick={retry} busy={query.isFetching}>
            {query.isFetching ? "Retrying…" : "Retry"}
          </Button>
        </div>
      ) : null}
      {isEmpty?.(data) ? <EmptyState title={emptyTitle ?? "Nothing recorded yet"}>{emptyBody}</EmptyState> : children(data)}
    </>
  );
}

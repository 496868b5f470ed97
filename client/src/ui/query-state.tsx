import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { errorCodeOf, messageOf } from "../lib/server-error";
import { EmptyState } from "./empty-state";
import { ErrorMessage } from "./error-message";
import { Loading } from "./loading";
import { LEAD_ONLY_MESSAGE } from "../app/lead-only";

export interface QueryStateProps<T> {
  query: UseQueryResult<T, unknown>;
  /** What is loading, in words: "the weekly overview". */
  what: string;
  /** Overrides "Loading {what}…" where a page words it differently: "Loading caseload…". */
  loadingLabel?: string;
  isEmpty?: (data: T) => boolean;
  emptyTitle?: string;
  emptyBody?: ReactNode;
  children: (data: T) => ReactNode;
}

/**
 * A TanStack Query result's loading, empty and error states, one section at
 * a time, so one failing query leaves
 * the rest of the page readable. While a new range loads, the previous
 * numbers stay (dimmed by the caller) rather than flashing away.
 */
export function QueryState<T>({ query, what, loadingLabel, isEmpty, emptyTitle, emptyBody, children }: QueryStateProps<T>) {
  if (query.data === undefined) {
    if (query.isError) {
      const forbidden = errorCodeOf(query.error) === "FORBIDDEN";
      return (
        <ErrorMessage
          title={forbidden ? LEAD_ONLY_MESSAGE : `We couldn't load ${what}`}
          message={messageOf(query.error)}
          onRetry={forbidden ? undefined : () => void query.refetch()}
          retrying={query.isFetching}
        />
      );
    }
    return <Loading label={loadingLabel ?? `Loading ${what}…`} />;
  }
  const data = query.data;
  return (
    <>
      {query.isError ? (
        <ErrorMessage
          title={`We couldn't refresh ${what}; these numbers may be out of date`}
          message={messageOf(query.error)}
          onRetry={() => void query.refetch()}
          retrying={query.isFetching}
        />
      ) : null}
      {isEmpty?.(data) ? <EmptyState title={emptyTitle ?? "Nothing to show yet"}>{emptyBody}</EmptyState> : children(data)}
    </>
  );
}

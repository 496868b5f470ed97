import { TRPCClientError } from "@trpc/client";
import type { ApiError, ApiErrorCode } from "../app/trpc";

/** The tRPC error code of a failed call, or null for anything else (offline, a bug). */
export function errorCodeOf(error: unknown): ApiErrorCode | null {
  return error instanceof TRPCClientError ? ((error as ApiError).data?.code ?? null) : null;
}

/** Per-field messages from a BAD_REQUEST, keyed by input path ("email", "sort.field"). */
export function fieldErrorsOf(error: unknown): Record<string, string[]> {
  if (!(error instanceof TRPCClientError)) return {};
  return (error as ApiError).data?.fieldErrors ?? {};
}

/** A message fit to show: the server's own wording for known errors, a plain one for network failures. */
export function messageOf(error: unknown): string {
  if (error instanceof TRPCClientError) {
    if (errorCodeOf(error) === null) {
      return "Wave could not reach the server. Check your connection, then try again.";
    }
    return error.message;
  }
  return "Something went wrong. Please try again.";
}

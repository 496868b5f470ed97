import { TRPCError } from "@trpc/server";

/**
 * A versioned record changed since the caller read it. Carries the record as
 * it is now, so the user can see both versions' differences; nothing is
 * overwritten.
 */
export class VersionConflict extends Error {
  constructor(
    readonly entity: string,
    readonly current: Record<string, unknown>,
  ) {
    super(`This ${entity} was changed by someone else since you opened it. Review their changes, then save again.`);
  }
}

export function conflictError(entity: string, current: Record<string, unknown>): TRPCError {
  const cause = new VersionConflict(entity, current);
  return new TRPCError({ code: "CONFLICT", message: cause.message, cause });
}

export function notFound(message: string): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message });
}

/** Postgres's unique_violation (23505), from either engine. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error).code === "23505";
}

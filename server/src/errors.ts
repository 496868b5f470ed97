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
    message = `This ${entity} was changed by someone else since you opened it. Review their changes, then save again.`,
  ) {
    super(message);
  }
}

export function conflictError(entity: string, current: Record<string, unknown>): TRPCError {
  const cause = new VersionConflict(entity, current);
  return new TRPCError({ code: "CONFLICT", message: cause.message, cause });
}

/**
 * A create sent again under an id that already holds other content: nothing
 * is overwritten and nothing new is written. Carries the stored record.
 */
export function replayConflict(entity: string, id: string, current: Record<string, unknown>): TRPCError {
  const cause = new VersionConflict(
    entity,
    current,
    `A ${entity} with id ${id} was already recorded with different content. Nothing was changed; reload to see it.`,
  );
  return new TRPCError({ code: "CONFLICT", message: cause.message, cause });
}

/**
 * The same refusal for a caller who may not read the record back (a client's
 * self-report link): nothing of the stored record travels with it.
 */
export function replayConflictWithoutRecord(entity: string): TRPCError {
  return new TRPCError({
    code: "CONFLICT",
    message: `This ${entity} was already sent with different answers. Nothing was changed.`,
  });
}

export function notFound(message: string): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message });
}

/** Postgres's unique_violation (23505), from either engine. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error).code === "23505";
}

/**
 * A rule about one field that only the service can check (it needs the
 * database). Reported like a schema error: data.fieldErrors names the field.
 */
export class FieldRuleError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

export function fieldError(field: string, reason: string, code: "BAD_REQUEST" | "CONFLICT" = "BAD_REQUEST"): TRPCError {
  const cause = new FieldRuleError(field, reason);
  return new TRPCError({ code, message: cause.message, cause });
}

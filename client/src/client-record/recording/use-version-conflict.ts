import { TRPCClientError } from "@trpc/client";
import { useState } from "react";
import type { ApiError } from "../../app/trpc";
import { errorCodeOf } from "../../lib/server-error";
import type { Schema } from "../../ui/form/check";

/** The record as stored now, from a CONFLICT answer. */
function conflictCurrentOf(error: unknown): Record<string, unknown> | null {
  if (!(error instanceof TRPCClientError) || errorCodeOf(error) !== "CONFLICT") return null;
  return (error as ApiError).data?.conflict?.current ?? null;
}

/**
 * Editing a record at a version: the record as this form read it (its version
 * goes with the save) and, after a CONFLICT, the record as stored now, until
 * the user keeps theirs or overwrites it. Nothing is saved in between.
 */
export function useVersionConflict<T extends { version: number }>(schema: Schema<T>, initial: T | undefined) {
  const [stored, setStored] = useState<T | null>(initial ?? null);
  const [conflict, setConflict] = useState<T | null>(null);
  return {
    /** The record this form edits; null when it creates one. */
    stored,
    /** The record as saved now, while the user has yet to choose. */
    conflict,
    /**
     * Shows a failed save's CONFLICT, then runs `caught` (the page behind
     * refreshes, so the next edit starts from what is stored now); false
     * when the error was something else (or unreadable).
     */
    catchConflict(error: unknown, caught?: () => void): boolean {
      const current = conflictCurrentOf(error);
      const parsed = current ? schema.safeParse(current) : null;
      if (!parsed?.success) return false;
      setConflict(parsed.data);
      caught?.();
      return true;
    },
    /** "Use theirs": the version saved now becomes the one this form edits, and `load` puts it in the form. */
    takeTheirs(load: (theirs: T) => void): void {
      if (!conflict) return;
      setStored(conflict);
      setConflict(null);
      load(conflict);
    },
    /** "Overwrite with mine": save what the user typed at the version saved now. */
    overwrite(save: (version: number) => void): void {
      if (!conflict) return;
      setStored(conflict);
      setConflict(null);
      save(conflict.version);
    },
  };
}

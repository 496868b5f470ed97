import { useState } from "react";
import { conflictCurrentOf, type Schema } from "./form-errors";

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
    /** Shows a failed save's CONFLICT; false when the error was something else (or unreadable). */
    catchConflict(error: unknown): boolean {
      const current = conflictCurrentOf(error);
      const parsed = current ? schema.safeParse(current) : null;
      if (!parsed?.success) return false;
      setConflict(parsed.data);
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

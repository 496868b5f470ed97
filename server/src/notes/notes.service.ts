import type { Kysely } from "kysely";
import { withActor, type Actor, type Database } from "@wave/db";
import type { Note } from "@wave/shared";
import { recordAudit } from "../audit/audit.repository.js";
import { auditedClientRead } from "../audit/audited-read.js";
import { notFound, replayConflict } from "../errors.js";
import { sameContent } from "../idempotency.js";
import { findNote, insertNoteIfAbsent, listNotes } from "./notes.repository.js";

export async function createNote(
  db: Kysely<Database>,
  actor: Actor,
  input: { id: string; clientId: string; body: string },
): Promise<Note> {
  return withActor(db, actor, async (tx) => {
    const inserted = await insertNoteIfAbsent(tx, { practiceId: actor.practiceId, authorId: actor.userId, ...input });
    const stored = await findNote(tx, input.id);
    if (!stored || stored.clientId !== input.clientId) throw notFound("No note with that id for this client.");
    if (!inserted && !sameContent({ body: input.body }, { body: stored.body })) {
      const { clientId: _client, ...current } = stored;
      throw replayConflict("note", input.id, current);
    }
    if (inserted) {
      await recordAudit(tx, actor, {
      action: "note.create",
        entity: "note",
        entityId: input.id,
        details: { clientId: input.clientId },
      });
    }
    const { clientId: _clientId, ...note } = stored;
    return note;
  });
}

export function listClientNotes(db: Kysely<Database>, actor: Actor, clientId: string): Promise<Note[]> {
  return auditedClientRead(db, actor, { clientId, action: "note.list" }, (tx) => listNotes(tx, clientId));
}

import type { Tx } from "@wave/db";
import type { Note } from "@wave/shared";

function selectNotes(tx: Tx) {
  return tx
    .selectFrom("notes")
    .innerJoin("users", (join) => join.onRef("users.practice_id", "=", "notes.practice_id").onRef("users.id", "=", "notes.author_id"))
    .select(["notes.id", "notes.client_id", "notes.body", "users.name as author_name", "notes.created_at"]);
}

type NoteRow = Awaited<ReturnType<ReturnType<typeof selectNotes>["executeTakeFirstOrThrow"]>>;
const toNote = (row: NoteRow): Note & { clientId: string } => ({
  id: row.id,
  clientId: row.client_id,
  body: row.body,
  authorName: row.author_name,
  createdAt: row.created_at.toISOString(),
});

export async function insertNoteIfAbsent(
  tx: Tx,
  note: { practiceId: string; id: string; clientId: string; authorId: string; body: string },
): Promise<boolean> {
  const result = await tx
    .insertInto("notes")
    .values({ practice_id: note.practiceId, id: note.id, client_id: note.clientId, author_id: note.authorId, body: note.body })
    .onConflict((conflict) => conflict.columns(["practice_id", "id"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function findNote(tx: Tx, noteId: string): Promise<(Note & { clientId: string }) | undefined> {
  const row = await selectNotes(tx).where("notes.id", "=", noteId).executeTakeFirst();
  return row ? toNote(row) : undefined;
}

export async function listNotes(tx: Tx, clientId: string): Promise<Note[]> {
  const rows = await selectNotes(tx).where("notes.client_id", "=", clientId).orderBy("notes.created_at", "desc").execute();
  return rows.map((row) => {
    const { clientId: _clientId, ...note } = toNote(row);
    return note;
  });
}

import { ClientIdInput, NoteCreateInput } from "@wave/shared";
import { router } from "../trpc.js";
import { createNote, listClientNotes } from "./notes.service.js";
import { clientProcedure } from "../procedures.js";

export const notesRouter = router({
  list: clientProcedure.input(ClientIdInput).query(({ ctx, input }) => listClientNotes(ctx.db, ctx.actor, input.clientId)),
  create: clientProcedure.input(NoteCreateInput).mutation(({ ctx, input }) => createNote(ctx.db, ctx.actor, input)),
});

import { ClientIdInput, NoteCreateInput } from "@wave/shared";
import { clientProcedure } from "../clients/client-access.js";
import { router } from "../trpc.js";
import { createNote, listClientNotes } from "./notes.service.js";

export const notesRouter = router({
  list: clientProcedure.input(ClientIdInput).query(({ ctx, input }) => listClientNotes(ctx.db, ctx.actor, input.clientId)),
  create: clientProcedure.input(NoteCreateInput).mutation(({ ctx, input }) => createNote(ctx.db, ctx.actor, input)),
});

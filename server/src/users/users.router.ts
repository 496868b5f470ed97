import { roleProcedure, router } from "../trpc.js";
import { listPracticeStaff } from "./users.service.js";

export const usersRouter = router({
  list: roleProcedure("lead").query(({ ctx }) => listPracticeStaff(ctx.db, ctx.actor)),
});

import { UserCreateInput, UserIdInput } from "@wave/shared";
import { router } from "../trpc.js";
import { createStaffMember, deactivateStaffMember, listPracticeStaff } from "./users.service.js";
import { leadProcedure } from "../procedures.js";

export const usersRouter = router({
  list: leadProcedure.query(({ ctx }) => listPracticeStaff(ctx.db, ctx.actor)),
  create: leadProcedure.input(UserCreateInput).mutation(({ ctx, input }) => createStaffMember(ctx.db, ctx.actor, input)),
  deactivate: leadProcedure
    .input(UserIdInput)
    .mutation(({ ctx, input }) => deactivateStaffMember(ctx.db, ctx.actor, input.userId, ctx.now())),
});

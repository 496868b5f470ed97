import { ChangePasswordInput, LoginInput } from "@wave/shared";
import { publicProcedure, router, sessionProcedure } from "../trpc.js";
import { changePassword, login, logout } from "./auth.service.js";

export const authRouter = router({
  login: publicProcedure.input(LoginInput).mutation(async ({ ctx, input }) => {
    const result = await login(ctx.db, input, ctx.now());
    ctx.sessionCookie.set(result.token, result.expiresAt);
    return result.user;
  }),
  // These three work with a temporary password too: they are how it is replaced.
  logout: sessionProcedure.mutation(async ({ ctx }) => {
    await logout(ctx.db, ctx.session);
    ctx.sessionCookie.clear();
    return { signedOut: true as const };
  }),
  me: sessionProcedure.query(({ ctx }) => ctx.user),
  changePassword: sessionProcedure
    .input(ChangePasswordInput)
    .mutation(({ ctx, input }) => changePassword(ctx.db, ctx.session, input)),
});

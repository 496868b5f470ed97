import { LoginInput } from "@wave/shared";
import { authedProcedure, publicProcedure, router } from "../trpc.js";
import { login, logout } from "./auth.service.js";

export const authRouter = router({
  login: publicProcedure.input(LoginInput).mutation(async ({ ctx, input }) => {
    const result = await login(ctx.db, input, ctx.now());
    ctx.sessionCookie.set(result.token, result.expiresAt);
    return result.user;
  }),
  logout: authedProcedure.mutation(async ({ ctx }) => {
    await logout(ctx.db, ctx.session);
    ctx.sessionCookie.clear();
    return { signedOut: true as const };
  }),
  me: authedProcedure.query(({ ctx }) => ctx.user),
});

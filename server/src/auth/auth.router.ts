import { ChangePasswordInput, EndSessionInput, LoginInput } from "@wave/shared";
import { router } from "../trpc.js";
import { changePassword, endOwnSession, listOwnSessions, login, logout } from "./auth.service.js";
import { asCountedAttempt, wrongCurrentPassword, wrongSignIn } from "./password-attempts.js";
import { publicProcedure, sessionProcedure } from "../procedures.js";

export const authRouter = router({
  login: publicProcedure
    .input(LoginInput)
    .use(({ ctx, input, next }) =>
      asCountedAttempt(ctx, { account: input.email, wrongPassword: wrongSignIn, refusal: "Too many sign-in attempts." }, next),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await login(ctx.db, input, ctx.now(), ctx.origin.userAgent);
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
    .use(({ ctx, next }) =>
      asCountedAttempt(
        ctx,
        { account: ctx.user.email, wrongPassword: wrongCurrentPassword, refusal: "Too many wrong passwords." },
        next,
      ),
    )
    .mutation(({ ctx, input }) => changePassword(ctx.db, ctx.session, input)),
  // A temporary password too: a user who sees a session they do not know can end it at once.
  sessions: sessionProcedure.query(({ ctx }) => listOwnSessions(ctx.db, ctx.session, ctx.now())),
  endSession: sessionProcedure.input(EndSessionInput).mutation(async ({ ctx, input }) => {
    const result = await endOwnSession(ctx.db, ctx.session, input.sessionId);
    if (result.signedOut) ctx.sessionCookie.clear();
    return result;
  }),
});

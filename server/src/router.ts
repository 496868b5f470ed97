import { authRouter } from "./auth/auth.router.js";
import { caseloadRouter } from "./caseload/caseload.router.js";
import { clientsRouter } from "./clients/clients.router.js";
import { router } from "./trpc.js";

export const appRouter = router({
  auth: authRouter,
  caseload: caseloadRouter,
  clients: clientsRouter,
});

export type AppRouter = typeof appRouter;

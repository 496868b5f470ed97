import { alertsRouter } from "./alerts/alerts.router.js";
import { analyticsRouter } from "./analytics/analytics.router.js";
import { auditRouter } from "./audit/audit.router.js";
import { authRouter } from "./auth/auth.router.js";
import { caseloadRouter } from "./caseload/caseload.router.js";
import { clientsRouter } from "./clients/clients.router.js";
import { episodesRouter } from "./episodes/episodes.router.js";
import { followUpsRouter } from "./follow-ups/follow-ups.router.js";
import { interventionsRouter } from "./interventions/interventions.router.js";
import { notesRouter } from "./notes/notes.router.js";
import { practicesRouter } from "./practices/practices.router.js";
import { screeningsRouter } from "./screenings/screenings.router.js";
import { selfReportRouter } from "./self-report/self-report.router.js";
import { router } from "./trpc.js";
import { usersRouter } from "./users/users.router.js";

export const appRouter = router({
  auth: authRouter,
  caseload: caseloadRouter,
  clients: clientsRouter,
  episodes: episodesRouter,
  interventions: interventionsRouter,
  screenings: screeningsRouter,
  followUps: followUpsRouter,
  alerts: alertsRouter,
  notes: notesRouter,
  analytics: analyticsRouter,
  users: usersRouter,
  audit: auditRouter,
  practices: practicesRouter,
  selfReport: selfReportRouter,
});

export type AppRouter = typeof appRouter;

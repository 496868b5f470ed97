import { AuditListInput } from "@wave/shared";
import { router } from "../trpc.js";
import { listAudit } from "./audit.service.js";
import { leadProcedure } from "../procedures.js";

export const auditRouter = router({
  list: leadProcedure.input(AuditListInput).query(({ ctx, input }) => listAudit(ctx.db, ctx.actor, input)),
});

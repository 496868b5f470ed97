import { AuditListInput } from "@wave/shared";
import { roleProcedure, router } from "../trpc.js";
import { listAudit } from "./audit.service.js";

export const auditRouter = router({
  list: roleProcedure("lead").input(AuditListInput).query(({ ctx, input }) => listAudit(ctx.db, ctx.actor, input)),
});

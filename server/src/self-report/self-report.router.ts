import type { AnyProcedure } from "@trpc/server";
import {
  SelfReportClientInput,
  SelfReportEpdsInput,
  SelfReportLinkCreateInput,
  SelfReportLinkIdInput,
  SelfReportSubmitInput,
} from "@wave/shared";
import { authedProcedure, clientProcedure, linkProcedure, linkSubmissionProcedure } from "../procedures.js";
import { router } from "../trpc.js";
import {
  createLink,
  listClientLinks,
  requestEpds,
  revokeClientLink,
  selfReportStatus,
  submitSelfReport,
  submitSelfReportEpds,
} from "./self-report.service.js";

export const selfReportRouter = router({
  // Staff, for a client they may see.
  createLink: clientProcedure
    .input(SelfReportLinkCreateInput)
    .mutation(({ ctx, input }) => createLink(ctx.db, ctx.actor, input, ctx.now(), ctx.origin.baseUrl)),
  listLinks: clientProcedure.input(SelfReportClientInput).query(({ ctx, input }) => listClientLinks(ctx.db, ctx.actor, input.clientId, ctx.now())),
  revokeLink: authedProcedure.input(SelfReportLinkIdInput).mutation(({ ctx, input }) => revokeClientLink(ctx.db, ctx.actor, input.linkId, ctx.now())),
  requestEpds: clientProcedure.input(SelfReportClientInput).mutation(({ ctx, input }) => requestEpds(ctx.db, ctx.actor, input.clientId, ctx.now())),
  // The client, holding a link.
  status: linkProcedure.query(({ ctx }) => selfReportStatus(ctx.db, ctx.linkTokenHash, ctx.now())),
  submit: linkSubmissionProcedure
    .input(SelfReportSubmitInput)
    .mutation(({ ctx, input }) => submitSelfReport(ctx.db, ctx.linkTokenHash, input.episode, ctx.now())),
  submitEpds: linkSubmissionProcedure
    .input(SelfReportEpdsInput)
    .mutation(({ ctx, input }) => submitSelfReportEpds(ctx.db, ctx.linkTokenHash, input, ctx.now())),
});

const LINK_HOLDER_PROCEDURES: ReadonlySet<AnyProcedure> = new Set([
  selfReportRouter._def.procedures.status,
  selfReportRouter._def.procedures.submit,
  selfReportRouter._def.procedures.submitEpds,
]);

/**
 * Whether every call of a request is a link holder's: then no session is
 * looked up at all. Compared by procedure, as tRPC resolved it, so no
 * spelling of a path can pass for another.
 */
export function onlyLinkHolderCalls(calls: readonly { procedure: AnyProcedure | null }[]): boolean {
  return calls.length > 0 && calls.every((call) => call.procedure !== null && LINK_HOLDER_PROCEDURES.has(call.procedure));
}

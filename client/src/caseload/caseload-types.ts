import type { RouterInputs, RouterOutputs } from "../app/trpc";

export type CaseloadListInput = Exclude<RouterInputs["caseload"]["list"], void | undefined>;
export type CaseloadResult = RouterOutputs["caseload"]["list"];
export type CaseloadRow = CaseloadResult["rows"][number];
export type CaseloadSortField = NonNullable<CaseloadListInput["sort"]>["field"];
export type Band = NonNullable<CaseloadRow["band"]>;
export type Trend = CaseloadRow["trend"];
export type Flag = CaseloadRow["flags"][number];
export type FlagDetail = CaseloadRow["flagDetails"][number];

export const CASELOAD_PAGE_SIZE = 25;
/** The most rows caseload.list returns at once (CASELOAD_MAX_PAGE_SIZE in @wave/shared). */

import { isoDateParam, pageParam, readParams, textParam, uuidParam, writeParams, type ParamSpec } from "../lib/url-state";
import type { AuditEntry } from "./admin-types";

// The audit log in words: compact details, the filters as an address, and
// readable times (the CSV keeps full ISO timestamps).

const MAX_LISTED = 3;

/** Staff names by user id, so "toConsultantId: 58e1…" reads as a person. */
export type NamesById = ReadonlyMap<string, string>;

function valueText(value: unknown, names: NamesById): string {
  if (value === null || value === undefined) return "—";
  if (Array.isArray(value)) {
    const items = value.map((item) => valueText(item, names));
    return items.length <= MAX_LISTED ? `[${items.join(", ")}]` : `[${items.slice(0, MAX_LISTED).join(", ")}, … ${items.length} in all]`;
  }
  if (typeof value === "object") return JSON.stringify(value);
  if (typeof value === "string") {
    const name = names.get(value);
    return name ? `${name} (${value.slice(0, 8)}…)` : value;
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value) ?? "";
}

/** "toConsultantId: Emily Carter (99bb03a8…); reason: …" — every key, staff named, long lists shortened. */
export function compactDetails(details: AuditEntry["details"], names: NamesById = new Map()): string {
  const entries = Object.entries(details);
  if (entries.length === 0) return "";
  return entries.map(([key, value]) => `${key}: ${valueText(value, names)}`).join("; ");
}

export interface AuditFilters {
  userId: string;
  clientId: string;
  action: string;
  from: string;
  to: string;
  page: number;
}

export const NO_AUDIT_FILTERS: AuditFilters = { userId: "", clientId: "", action: "", from: "", to: "", page: 1 };

/** The filters' places in the address (?user=&client=&action=&from=&to=&page=). */
const auditParamSpec = {
  userId: uuidParam("user", ""),
  clientId: uuidParam("client", ""),
  action: textParam("action", { trim: true }),
  from: isoDateParam("from"),
  to: isoDateParam("to"),
  page: pageParam(),
} satisfies ParamSpec;

/** Filters from the address; malformed parts are dropped. */
export function parseAuditFilters(search: URLSearchParams): AuditFilters {
  return readParams(search, auditParamSpec);
}

export function auditSearch(filters: AuditFilters): URLSearchParams {
  return writeParams(auditParamSpec, filters);
}

/** The audit.list input for a set of filters (without paging). */
export function auditQuery(filters: AuditFilters) {
  return {
    ...(filters.userId ? { userId: filters.userId } : {}),
    ...(filters.clientId ? { clientId: filters.clientId } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
  };
}

/** The CSV export's cap, and the page size it fetches with (the server's maximum). */
export const AUDIT_EXPORT_CAP = 10_000;
export const AUDIT_EXPORT_PAGE_SIZE = 1000;

/** How many pages of AUDIT_EXPORT_PAGE_SIZE the export fetches for `total` matching entries. */
export function exportPageCount(total: number): number {
  return Math.ceil(Math.min(total, AUDIT_EXPORT_CAP) / AUDIT_EXPORT_PAGE_SIZE);
}

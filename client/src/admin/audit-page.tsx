import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useId, useMemo, useState, type FormEvent } from "react";
import { useSearchParams } from "react-router-dom";
import { useTRPC } from "../app/trpc";
import { messageOf } from "../lib/server-error";
import { Button } from "../ui/button";
import { ErrorMessage } from "../ui/error-message";
import { Field } from "../ui/field";
import { Spinner } from "../ui/loading";
import { SelectField } from "../ui/select-field";
import { auditCsv, auditExportNote } from "./admin-csv";
import type { AuditEntry, StaffMember } from "./admin-types";
import { AUDIT_EXPORT_PAGE_SIZE, auditQuery, auditSearch, compactDetails, exportPageCount, NO_AUDIT_FILTERS, parseAuditFilters, type AuditFilters } from "./audit-format";
import { useStaff } from "./use-staff";
import "./admin.css";
import { LeadOnly } from "../app/lead-only";
import { csvFilename, toCsv } from "../lib/csv";
import { formatUtcTime, isoToday } from "../lib/dates";
import { downloadText } from "../lib/download";
import { isUuid } from "../lib/ids";
import { roleLabels } from "../lib/labels";
import { Pagination } from "../ui/pagination";
import { QueryState } from "../ui/query-state";
import { Table } from "../ui/table";

const PAGE_SIZE = 50;
const ACTION_SUGGESTIONS = ["auth.", "client.", "episode.", "intervention.", "screening.", "follow_up.", "user.", "analytics."];

/** /admin/audit: who did what, when, filtered and paged, with a CSV export. */
export function AuditPage() {
  return (
    <LeadOnly title="Audit log">
      <AuditLog />
    </LeadOnly>
  );
}

function AuditLog() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = parseAuditFilters(searchParams);
  const staff = useStaff();
  const [exporting, setExporting] = useState(false);
  const [exportNote, setExportNote] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);

  const query = useQuery(
    trpc.audit.list.queryOptions({ ...auditQuery(filters), page: filters.page, pageSize: PAGE_SIZE }, { placeholderData: keepPreviousData }),
  );
  const names = useMemo(() => new Map((staff.data ?? []).map((member) => [member.id, member.name])), [staff.data]);
  const total = query.data?.total ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));

  function go(next: AuditFilters) {
    setExportNote(null);
    setSearchParams(auditSearch(next));
  }

  async function exportCsv() {
    setExporting(true);
    setExportNote(null);
    setExportError(null);
    try {
      const base = auditQuery(filters);
      const first = await queryClient.fetchQuery(trpc.audit.list.queryOptions({ ...base, page: 1, pageSize: AUDIT_EXPORT_PAGE_SIZE }));
      const entries: AuditEntry[] = [...first.rows];
      for (let page = 2; page <= exportPageCount(first.total); page++) {
        const next = await queryClient.fetchQuery(trpc.audit.list.queryOptions({ ...base, page, pageSize: AUDIT_EXPORT_PAGE_SIZE }));
        entries.push(...next.rows);
      }
      const dates = [filters.from || null, filters.to || null].filter((date): date is string => date !== null);
      downloadText(csvFilename("audit-log", dates.length > 0 ? dates : [isoToday()]), toCsv(auditCsv(entries)));
      setExportNote(auditExportNote(entries.length, first.total));
    } catch (error) {
      setExportError(messageOf(error));
    } finally {
      setExporting(false);
    }
  }

  return (
    <div className="admin">
      <div className="page-header">
        <h1>Audit log</h1>
        <p className="page-header__lede">Every sign-in, record read and change at the practice, newest first. Times are in UTC.</p>
      </div>

      <AuditFilterForm key={searchParams.toString()} filters={filters} staff={staff.data ?? null} onApply={go} />

      <section className="panel admin-section" aria-labelledby="audit-heading">
        <div className="admin-section__head">
          <h2 id="audit-heading">
            Entries{" "}
            <span className="admin-section__count" aria-live="polite">
              {query.data ? `(${total.toLocaleString("en-US")})` : ""}
            </span>
          </h2>
          <div className="admin-section__actions">
            {query.isFetching && query.isPlaceholderData ? (
              <span className="muted" role="status">
                <Spinner /> Updating…
              </span>
            ) : null}
            <Button variant="secondary" onClick={() => void exportCsv()} busy={exporting} disabled={!query.data || total === 0}>
              {exporting ? "Exporting…" : "Export CSV (up to 10,000 entries)"}
            </Button>
          </div>
        </div>
        <p className="admin-status" role="status">
          {exportNote ?? ""}
        </p>
        {exportError ? <ErrorMessage title="The export failed" message={exportError} /> : null}

        <QueryState
          query={query}
          what="the audit log"
          isEmpty={(data) => data.rows.length === 0}
          emptyTitle="No entries match these filters"
          emptyBody={<p>Widen the dates or clear a filter.</p>}
        >
          {(data) => (
            <>
              <div className={query.isPlaceholderData ? "table-scroll table-scroll--refreshing" : "table-scroll"}>
                <Table className="admin-table audit-table" data-testid="audit-table">
                  <caption className="visually-hidden">Audit log entries, newest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">Time (UTC)</th>
                      <th scope="col">User</th>
                      <th scope="col">Action</th>
                      <th scope="col">Entity</th>
                      <th scope="col">Entity id</th>
                      <th scope="col">Details</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.rows.map((entry) => (
                      <tr key={entry.id} data-testid="audit-row">
                        <td className="nowrap">
                          <time dateTime={entry.at}>{formatUtcTime(entry.at)}</time>
                        </td>
                        <td className="audit-table__user">{entry.actorName ?? <span className="muted">System</span>}</td>
                        <td>
                          <code>{entry.action}</code>
                        </td>
                        <td>{entry.entity}</td>
                        <td className="audit-table__id">{entry.entityId ?? "—"}</td>
                        <td className="audit-table__details">{compactDetails(entry.details, names)}</td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              </div>
              <Pagination label="Audit log pages" page={filters.page} pageCount={pageCount} onPage={(page) => go({ ...filters, page })} />
            </>
          )}
        </QueryState>
      </section>
    </div>
  );
}

interface FilterErrors {
  clientId?: string;
  from?: string;
  to?: string;
}

function AuditFilterForm({ filters, staff, onApply }: { filters: AuditFilters; staff: readonly StaffMember[] | null; onApply: (filters: AuditFilters) => void }) {
  const [draft, setDraft] = useState(filters);
  const [errors, setErrors] = useState<FilterErrors>({});
  const suggestionsId = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problems: FilterErrors = {};
    const clientId = draft.clientId.trim();
    if (clientId && !isUuid(clientId)) problems.clientId = "Enter a client id (like 1d385372-80d0-4673-8685-70ec3b3cd7df), or find the client by name";
    if (draft.from && draft.to && draft.from > draft.to) problems.from = "The start date must be on or before the end date";
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    onApply({ ...draft, clientId, action: draft.action.trim(), page: 1 });
  }

  const set = (changes: Partial<AuditFilters>) => setDraft((current) => ({ ...current, ...changes }));
  const userOptions = (staff ?? []).map((member) => ({
    value: member.id,
    label: `${member.name} (${roleLabels[member.role].toLowerCase()}${member.deactivatedAt ? ", deactivated" : ""})`,
  }));

  return (
    <form className="panel audit-filters" onSubmit={submit} noValidate aria-label="Audit log filters">
      <SelectField
        label="User"
        value={draft.userId}
        placeholder={staff ? "Anyone" : "Loading staff…"}
        options={userOptions}
        onChange={(event) => set({ userId: event.target.value })}
      />
      <Field
        label="Action starts with"
        value={draft.action}
        list={suggestionsId}
        placeholder="e.g. client."
        onChange={(event) => set({ action: event.target.value })}
      />
      <datalist id={suggestionsId}>
        {ACTION_SUGGESTIONS.map((action) => (
          <option key={action} value={action} />
        ))}
      </datalist>
      <Field label="From" type="date" value={draft.from} onChange={(event) => set({ from: event.target.value })} errors={errors.from ? [errors.from] : undefined} />
      <Field label="To" type="date" value={draft.to} onChange={(event) => set({ to: event.target.value })} errors={errors.to ? [errors.to] : undefined} />
      <ClientPicker clientId={draft.clientId} error={errors.clientId} onChange={(clientId) => set({ clientId })} />
      <div className="audit-filters__actions">
        <Button type="submit" variant="primary">
          Apply filters
        </Button>
        <Button
          onClick={() => {
            setErrors({});
            onApply(NO_AUDIT_FILTERS);
          }}
        >
          Clear
        </Button>
      </div>
    </form>
  );
}

/** A client id typed or pasted, or found by name from the caseload. */
function ClientPicker({ clientId, error, onChange }: { clientId: string; error?: string | undefined; onChange: (clientId: string) => void }) {
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const deferred = useDeferredValue(name.trim());
  const matches = useQuery({
    ...trpc.caseload.list.queryOptions({ search: deferred, filters: { includeDischarged: true }, sort: { field: "displayName", desc: false }, pageSize: 10 }),
    enabled: deferred.length >= 2,
  });
  const rows = deferred.length >= 2 ? (matches.data?.rows ?? []) : [];

  return (
    <div className="client-picker">
      <Field
        label="Client id"
        value={clientId}
        onChange={(event) => onChange(event.target.value)}
        errors={error ? [error] : undefined}
        spellCheck={false}
        autoComplete="off"
      />
      <Field label="Find the client by name" type="search" value={name} onChange={(event) => setName(event.target.value)} autoComplete="off" />
      {deferred.length >= 2 ? (
        <ul className="client-picker__matches" aria-label="Matching clients">
          {matches.isFetching && rows.length === 0 ? <li className="muted">Searching…</li> : null}
          {!matches.isFetching && rows.length === 0 ? <li className="muted">No clients match “{deferred}”.</li> : null}
          {rows.map((row) => (
            <li key={row.clientId}>
              <Button
                variant="quiet"
                onClick={() => {
                  onChange(row.clientId);
                  setName("");
                }}
              >
                {row.displayName}
                <span className="muted"> ({row.consultantName})</span>
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

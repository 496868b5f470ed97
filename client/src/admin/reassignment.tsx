import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ClientAssignInput } from "@wave/shared";
import { useDeferredValue, useId, useState } from "react";
import { Link } from "react-router-dom";
import { useTRPC } from "../app/trpc";
import { Button } from "../ui/button";
import { ErrorMessage } from "../ui/error-message";
import { Field } from "../ui/field";
import { checkWith } from "../ui/form/check";
import { useRecordForm } from "../ui/form/use-record-form";
import { QueryState } from "../ui/query-state";
import { SelectField } from "../ui/select-field";
import { csvFilename, toCsv } from "../lib/csv";
import { downloadText } from "../lib/download";
import { isoToday } from "../lib/dates";
import { reassignAlertWarning } from "../lib/alert-words";
import { awaitingCsv } from "./admin-csv";
import type { CaseloadRow, StaffMember } from "./admin-types";
import { useAssignClient } from "./use-staff";

const AWAITING_INPUT = {
  filters: { awaitingReassignment: true },
  sort: { field: "attention" as const, desc: false },
  pageSize: 200,
};

/** The consultant's name for the confirmation, as the list showed it. */
function nameOf(consultants: readonly StaffMember[], consultantId: string): string {
  return consultants.find((candidate) => candidate.id === consultantId)?.name ?? "the chosen consultant";
}

function consultantOptions(consultants: readonly StaffMember[]) {
  return consultants.map((consultant) => ({ value: consultant.id, label: `${consultant.name} (${consultant.activeClients} active)` }));
}

/** Clients whose consultant was deactivated, each with a consultant to give them to. */
export function AwaitingReassignment({ consultants, onAssigned }: { consultants: readonly StaffMember[]; onAssigned: (message: string) => void }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.caseload.list.queryOptions(AWAITING_INPUT));
  const rows = query.data?.rows;

  return (
    <section className="panel admin-section" aria-labelledby="awaiting-heading">
      <div className="admin-section__head">
        <h2 id="awaiting-heading">Clients awaiting reassignment</h2>
        <Button
          variant="quiet"
          disabled={!rows || rows.length === 0}
          onClick={() => rows && downloadText(csvFilename("awaiting-reassignment", [isoToday()]), toCsv(awaitingCsv(rows)))}
        >
          Export CSV
        </Button>
      </div>
      <p className="admin-section__note">Clients of deactivated consultants, most urgent first. Until assigned, only you can see them.</p>
      <QueryState
        query={query}
        what="the clients awaiting reassignment"
        isEmpty={(data) => data.rows.length === 0}
        emptyTitle="No clients are awaiting reassignment"
        emptyBody={<p>When you deactivate a consultant, their active clients are listed here.</p>}
      >
        {(data) => (
          <div className="table-scroll">
            <table className="admin-table" data-testid="awaiting-table">
              <caption className="visually-hidden">Clients awaiting reassignment</caption>
              <thead>
                <tr>
                  <th scope="col">Client</th>
                  <th scope="col">Former consultant</th>
                  <th scope="col">Needs attention</th>
                  <th scope="col">Assign to</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((row) => (
                  <AwaitingRow key={row.clientId} row={row} consultants={consultants} onAssigned={onAssigned} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </section>
  );
}

function AwaitingRow({ row, consultants, onAssigned }: { row: CaseloadRow; consultants: readonly StaffMember[]; onAssigned: (message: string) => void }) {
  const assign = useAssignClient();
  const errorId = useId();
  const warningId = useId();
  const assignForm = useRecordForm({
    defaultValues: { consultantId: "" },
    // The server's own schema (ClientAssignInput): the same words beside the select before sending as after.
    check: (values) => checkWith(ClientAssignInput, { clientId: row.clientId, consultantId: values.consultantId }),
    reassure: false,
    save: async (input) => {
      await assign.mutateAsync(input);
      onAssigned(`${row.displayName} is now with ${nameOf(consultants, input.consultantId)}.`);
    },
  });
  const consultantId = assignForm.values.consultantId;
  const consultant = consultants.find((candidate) => candidate.id === consultantId);
  // Said before the press, not after: the receiving consultant sees the alert at once.
  const warning = row.flags.includes("self_harm") && consultantId ? reassignAlertWarning(row.displayName, consultant?.name ?? null) : null;

  return (
    <tr data-testid="awaiting-row">
      <th scope="row">
        <Link to={`/clients/${row.clientId}`}>{row.displayName}</Link>
      </th>
      <td>{row.consultantName}</td>
      <td>{row.flags.includes("self_harm") ? <strong className="urgent-text">Self-harm: same-day follow-up</strong> : row.flags.length > 0 ? `${row.flags.length} flag${row.flags.length === 1 ? "" : "s"}` : "—"}</td>
      <td>
        <form ref={assignForm.formRef} className="assign-form" onSubmit={assignForm.submit} aria-label={`Assign ${row.displayName}`}>
          <SelectField
            className="assign-form__select"
            label={`Consultant for ${row.displayName}`}
            value={consultantId}
            placeholder="Choose a consultant"
            options={consultantOptions(consultants)}
            onChange={(event) => assignForm.set("consultantId", event.target.value)}
            onBlur={() => assignForm.blur("consultantId")}
            errors={assignForm.errorsFor("consultantId")}
          />
          <Button
            type="submit"
            variant="primary"
            busy={assignForm.busy}
            aria-describedby={[warning ? warningId : null, assignForm.formError ? errorId : null].filter(Boolean).join(" ") || undefined}
          >
            {assignForm.busy ? "Assigning…" : "Assign"}
          </Button>
          {warning ? (
            <p id={warningId} className="alert-move-warning" data-testid="alert-move-warning">
              {warning}
            </p>
          ) : null}
          {assignForm.formError ? (
            <p id={errorId} className="field__error" role="alert" tabIndex={-1} data-form-alert>
              {assignForm.formError}
            </p>
          ) : null}
        </form>
      </td>
    </tr>
  );
}

/** Any client to any active consultant: find the client by name, choose, assign. */
export function ReassignAnyClient({ consultants, onAssigned }: { consultants: readonly StaffMember[]; onAssigned: (message: string) => void }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const deferred = useDeferredValue(search.trim());
  const assign = useAssignClient();

  const matches = useQuery({
    ...trpc.caseload.list.queryOptions(
      { search: deferred, sort: { field: "displayName", desc: false }, pageSize: 25 },
      { placeholderData: keepPreviousData },
    ),
    enabled: deferred.length >= 2,
  });
  const rows = deferred.length >= 2 ? (matches.data?.rows ?? []) : [];
  const assignForm = useRecordForm({
    defaultValues: { clientId: "", consultantId: "" },
    // Only a client the search still lists counts as chosen; the schema's words say what to do otherwise.
    check: (values) =>
      checkWith(ClientAssignInput, {
        clientId: rows.some((row) => row.clientId === values.clientId) ? values.clientId : "",
        consultantId: values.consultantId,
      }),
    reassure: false,
    save: async (input) => {
      const displayName = rows.find((row) => row.clientId === input.clientId)?.displayName ?? "The client";
      await assign.mutateAsync(input);
      onAssigned(`${displayName} is now with ${nameOf(consultants, input.consultantId)}.`);
      assignForm.reset();
    },
  });
  const chosen = rows.find((row) => row.clientId === assignForm.values.clientId) ?? null;
  const receiver = consultants.find((candidate) => candidate.id === assignForm.values.consultantId);
  const warningId = useId();
  const warning = chosen?.flags.includes("self_harm") ? reassignAlertWarning(chosen.displayName, receiver?.name ?? null) : null;

  return (
    <section className="panel admin-section" aria-labelledby="reassign-any-heading">
      <h2 id="reassign-any-heading">Reassign any client</h2>
      <form ref={assignForm.formRef} className="reassign-any" onSubmit={assignForm.submit} noValidate>
        <Field
          label="Find a client"
          type="search"
          value={search}
          hint="Type at least two letters of the client's name."
          onChange={(event) => {
            setSearch(event.target.value);
            assignForm.set("clientId", "");
          }}
        />
        <SelectField
          label="Client"
          value={assignForm.values.clientId}
          placeholder={
            deferred.length < 2 ? "Search first" : matches.isFetching && rows.length === 0 ? "Searching…" : rows.length === 0 ? "No clients match" : `Choose (${rows.length} found)`
          }
          options={rows.map((row) => ({ value: row.clientId, label: `${row.displayName} (now with ${row.consultantName})` }))}
          onChange={(event) => assignForm.set("clientId", event.target.value)}
          onBlur={() => assignForm.blur("clientId")}
          errors={assignForm.errorsFor("clientId")}
        />
        <SelectField
          label="New consultant"
          value={assignForm.values.consultantId}
          placeholder="Choose a consultant"
          options={consultantOptions(consultants.filter((consultant) => consultant.id !== chosen?.consultantId))}
          onChange={(event) => assignForm.set("consultantId", event.target.value)}
          onBlur={() => assignForm.blur("consultantId")}
          errors={assignForm.errorsFor("consultantId")}
        />
        <Button
          type="submit"
          variant="primary"
          className="reassign-any__submit"
          busy={assignForm.busy}
          aria-describedby={warning ? warningId : undefined}
        >
          {assignForm.busy ? "Assigning…" : "Assign client"}
        </Button>
        {warning ? (
          <p id={warningId} className="alert-move-warning reassign-any__warning" data-testid="alert-move-warning">
            {warning}
          </p>
        ) : null}
      </form>
      {assignForm.formError ? <ErrorMessage title="The client was not reassigned" message={assignForm.formError} /> : null}
    </section>
  );
}

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useDeferredValue, useId, useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { messageOf, useTRPC } from "../app/trpc";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { ErrorMessage } from "../ui/error-message";
import { Field } from "../ui/field";
import { Loading } from "../ui/loading";
import { SelectField } from "../ui/select-field";
import { csvFilename, toCsv } from "../practice/csv";
import { downloadText } from "../practice/download";
import { isoToday } from "../practice/range";
import { reassignAlertWarning } from "../alerts/alert-words";
import { awaitingCsv } from "./admin-csv";
import type { CaseloadRow, StaffMember } from "./admin-types";
import { useAssignClient } from "./use-staff";

const AWAITING_INPUT = {
  filters: { awaitingReassignment: true },
  sort: { field: "attention" as const, desc: false },
  pageSize: 200,
};

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
      {query.isPending ? <Loading label="Loading the clients awaiting reassignment…" /> : null}
      {query.isError ? (
        <ErrorMessage title="We couldn't load the clients awaiting reassignment" message={messageOf(query.error)} onRetry={() => void query.refetch()} />
      ) : null}
      {rows && rows.length === 0 ? (
        <EmptyState title="No clients are awaiting reassignment">
          <p>When you deactivate a consultant, their active clients are listed here.</p>
        </EmptyState>
      ) : null}
      {rows && rows.length > 0 ? (
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
              {rows.map((row) => (
                <AwaitingRow key={row.clientId} row={row} consultants={consultants} onAssigned={onAssigned} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function AwaitingRow({ row, consultants, onAssigned }: { row: CaseloadRow; consultants: readonly StaffMember[]; onAssigned: (message: string) => void }) {
  const [consultantId, setConsultantId] = useState("");
  const [missing, setMissing] = useState(false);
  const assign = useAssignClient();
  const errorId = useId();
  const warningId = useId();
  const consultant = consultants.find((candidate) => candidate.id === consultantId);
  // Said before the press, not after: the receiving consultant sees the alert at once.
  const warning = row.flags.includes("self_harm") && consultantId ? reassignAlertWarning(row.displayName, consultant?.name ?? null) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!consultantId) return setMissing(true);
    assign.mutate(
      { clientId: row.clientId, consultantId },
      { onSuccess: () => onAssigned(`${row.displayName} is now with ${consultant?.name ?? "the chosen consultant"}.`) },
    );
  }

  return (
    <tr data-testid="awaiting-row">
      <th scope="row">
        <Link to={`/clients/${row.clientId}`}>{row.displayName}</Link>
      </th>
      <td>{row.consultantName}</td>
      <td>{row.flags.includes("self_harm") ? <strong className="urgent-text">Self-harm: same-day follow-up</strong> : row.flags.length > 0 ? `${row.flags.length} flag${row.flags.length === 1 ? "" : "s"}` : "—"}</td>
      <td>
        <form className="assign-form" onSubmit={submit} aria-label={`Assign ${row.displayName}`}>
          <SelectField
            className="assign-form__select"
            label={`Consultant for ${row.displayName}`}
            value={consultantId}
            placeholder="Choose a consultant"
            options={consultantOptions(consultants)}
            onChange={(event) => {
              setConsultantId(event.target.value);
              setMissing(false);
            }}
            errors={missing ? ["Choose a consultant first"] : undefined}
          />
          <Button
            type="submit"
            variant="primary"
            busy={assign.isPending}
            aria-describedby={[warning ? warningId : null, assign.isError ? errorId : null].filter(Boolean).join(" ") || undefined}
          >
            {assign.isPending ? "Assigning…" : "Assign"}
          </Button>
          {warning ? (
            <p id={warningId} className="alert-move-warning" data-testid="alert-move-warning">
              {warning}
            </p>
          ) : null}
          {assign.isError ? (
            <p id={errorId} className="field__error" role="alert">
              {messageOf(assign.error)}
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
  const [clientId, setClientId] = useState("");
  const [consultantId, setConsultantId] = useState("");
  const [errors, setErrors] = useState<{ client?: string; consultant?: string }>({});
  const assign = useAssignClient();

  const matches = useQuery({
    ...trpc.caseload.list.queryOptions(
      { search: deferred, sort: { field: "displayName", desc: false }, pageSize: 25 },
      { placeholderData: keepPreviousData },
    ),
    enabled: deferred.length >= 2,
  });
  const rows = deferred.length >= 2 ? (matches.data?.rows ?? []) : [];
  const chosen = rows.find((row) => row.clientId === clientId) ?? null;
  const receiver = consultants.find((candidate) => candidate.id === consultantId);
  const warningId = useId();
  const warning = chosen?.flags.includes("self_harm") ? reassignAlertWarning(chosen.displayName, receiver?.name ?? null) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problems = {
      ...(chosen ? {} : { client: "Find the client by name, then choose them from the list" }),
      ...(consultantId ? {} : { consultant: "Choose the consultant to take over" }),
    };
    setErrors(problems);
    if (!chosen || !consultantId) return;
    assign.mutate(
      { clientId: chosen.clientId, consultantId },
      {
        onSuccess: () => {
          onAssigned(`${chosen.displayName} is now with ${receiver?.name ?? "the chosen consultant"}.`);
          setClientId("");
          setConsultantId("");
        },
      },
    );
  }

  return (
    <section className="panel admin-section" aria-labelledby="reassign-any-heading">
      <h2 id="reassign-any-heading">Reassign any client</h2>
      <form className="reassign-any" onSubmit={submit} noValidate>
        <Field
          label="Find a client"
          type="search"
          value={search}
          hint="Type at least two letters of the client's name."
          onChange={(event) => {
            setSearch(event.target.value);
            setClientId("");
          }}
        />
        <SelectField
          label="Client"
          value={clientId}
          placeholder={
            deferred.length < 2 ? "Search first" : matches.isFetching && rows.length === 0 ? "Searching…" : rows.length === 0 ? "No clients match" : `Choose (${rows.length} found)`
          }
          options={rows.map((row) => ({ value: row.clientId, label: `${row.displayName} (now with ${row.consultantName})` }))}
          onChange={(event) => setClientId(event.target.value)}
          errors={errors.client ? [errors.client] : undefined}
        />
        <SelectField
          label="New consultant"
          value={consultantId}
          placeholder="Choose a consultant"
          options={consultantOptions(consultants.filter((consultant) => consultant.id !== chosen?.consultantId))}
          onChange={(event) => setConsultantId(event.target.value)}
          errors={errors.consultant ? [errors.consultant] : undefined}
        />
        <Button
          type="submit"
          variant="primary"
          className="reassign-any__submit"
          busy={assign.isPending}
          aria-describedby={warning ? warningId : undefined}
        >
          {assign.isPending ? "Assigning…" : "Assign client"}
        </Button>
        {warning ? (
          <p id={warningId} className="alert-move-warning reassign-any__warning" data-testid="alert-move-warning">
            {warning}
          </p>
        ) : null}
      </form>
      {assign.isError ? <ErrorMessage title="The client was not reassigned" message={messageOf(assign.error)} /> : null}
    </section>
  );
}

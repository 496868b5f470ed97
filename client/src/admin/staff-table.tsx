import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../app/trpc";
import { messageOf } from "../lib/server-error";
import { useOpenAlerts } from "../app/use-alerts";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { ErrorMessage } from "../ui/error-message";
import type { StaffMember } from "./admin-types";
import { deactivationConsequences, deactivationSummary } from "./staff";
import { useRefreshPractice } from "./use-staff";
import { useSignedInUser } from "../app/signed-in-user";
import { deactivationAlertWarning, distinctClientCount } from "../lib/alert-words";
import { formatUtcTime } from "../lib/dates";
import { roleLabels } from "../lib/labels";
import { Table } from "../ui/table";

/** Everyone at the practice; a lead can deactivate anyone but themself. */
export function StaffTable({ staff, onDeactivated }: { staff: readonly StaffMember[]; onDeactivated: (summary: string) => void }) {
  const me = useSignedInUser();
  const [confirming, setConfirming] = useState<StaffMember | null>(null);
  return (
    <>
      <div className="table-scroll">
        <Table className="admin-table" data-testid="staff-table">
          <caption className="visually-hidden">Staff of the practice</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col" className="numeric">
                Active clients
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {staff.map((member) => (
              <tr key={member.id} data-testid="staff-row" className={member.deactivatedAt ? "admin-table__row--inactive" : undefined}>
                <th scope="row">
                  {member.name}
                  {member.id === me.id ? <span className="muted"> (you)</span> : null}
                </th>
                <td>{member.email}</td>
                <td>{roleLabels[member.role]}</td>
                <td>
                  {member.deactivatedAt ? (
                    <Badge tone="neutral" detail={`Since ${formatUtcTime(member.deactivatedAt)}`}>
                      Deactivated
                    </Badge>
                  ) : (
                    <Badge tone="good">Active</Badge>
                  )}
                </td>
                <td className="numeric">{member.activeClients}</td>
                <td className="admin-table__actions">
                  {member.deactivatedAt || member.id === me.id ? null : (
                    <Button variant="quiet" aria-haspopup="dialog" onClick={() => setConfirming(member)}>
                      Deactivate<span className="visually-hidden"> {member.name}</span>
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
      {confirming ? (
        <DeactivateDialog
          member={confirming}
          onClose={() => setConfirming(null)}
          onDone={(summary) => {
            setConfirming(null);
            onDeactivated(summary);
          }}
        />
      ) : null}
    </>
  );
}

function DeactivateDialog({ member, onClose, onDone }: { member: StaffMember; onClose: () => void; onDone: (summary: string) => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshPractice();
  const openAlerts = useOpenAlerts({ enabled: member.role === "consultant" });
  const urgentClients = distinctClientCount(openAlerts.data?.rows.filter((alert) => alert.consultantId === member.id) ?? []);
  const alertWarning = deactivationAlertWarning(member.name, urgentClients);
  const deactivate = useMutation(
    trpc.users.deactivate.mutationOptions({
      onSuccess: (result) => {
        void refresh();
        onDone(deactivationSummary(member.name, result));
      },
    }),
  );
  return (
    <Dialog title={`Deactivate ${member.name}?`} subtitle={`${roleLabels[member.role]} · ${member.email}`} onClose={onClose}>
      <div className="confirm-deactivate">
        <p>This takes effect at once:</p>
        <ul className="confirm-deactivate__consequences">
          {deactivationConsequences(member).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        {alertWarning ? (
          <p className="alert-move-warning" data-testid="alert-move-warning">
            {alertWarning}
          </p>
        ) : null}
        {deactivate.isError ? <ErrorMessage title="The account was not deactivated" message={messageOf(deactivate.error)} /> : null}
        <div className="confirm-deactivate__actions">
          <Button variant="secondary" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button
            variant="danger"
            busy={deactivate.isPending}
            onClick={() => deactivate.mutate({ userId: member.id })}
          >
            {deactivate.isPending ? "Deactivating…" : `Deactivate ${member.name}`}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

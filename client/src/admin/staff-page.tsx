import { useState } from "react";
import { messageOf } from "../app/trpc";
import { Button } from "../ui/button";
import { ErrorMessage } from "../ui/error-message";
import { Loading } from "../ui/loading";
import { LeadOnly } from "../practice/lead-only";
import { csvFilename, toCsv } from "../practice/csv";
import { downloadText } from "../practice/download";
import { isoToday } from "../practice/range";
import { AddStaffForm } from "./add-staff-form";
import { PracticeDetails } from "./practice-details";
import { staffCsv } from "./admin-csv";
import type { CreatedStaff } from "./admin-types";
import { AwaitingReassignment, ReassignAnyClient } from "./reassignment";
import { activeConsultants } from "./staff";
import { StaffTable } from "./staff-table";
import { TemporaryPasswordPanel } from "./temporary-password";
import { useStaff } from "./use-staff";
import "./admin.css";

/** /admin/staff: who works at the practice, adding and deactivating them, and moving clients. */
export function StaffPage() {
  return (
    <LeadOnly title="Staff">
      <StaffAdmin />
    </LeadOnly>
  );
}

function StaffAdmin() {
  const staff = useStaff();
  const [created, setCreated] = useState<CreatedStaff | null>(null);
  const [status, setStatus] = useState("");
  const consultants = staff.data ? activeConsultants(staff.data) : [];

  return (
    <div className="admin">
      <div className="page-header">
        <h1>Staff</h1>
        <p className="page-header__lede">
          Add colleagues, deactivate accounts, give clients to another consultant, and set the numbers clients see.
        </p>
      </div>

      <p className="admin-status" role="status" data-testid="admin-status">
        {status}
      </p>

      <section className="panel admin-section" aria-labelledby="staff-heading">
        <div className="admin-section__head">
          <h2 id="staff-heading">People</h2>
          <Button
            variant="quiet"
            disabled={!staff.data}
            onClick={() => staff.data && downloadText(csvFilename("staff", [isoToday()]), toCsv(staffCsv(staff.data)))}
          >
            Export CSV
          </Button>
        </div>
        {created ? (
          <TemporaryPasswordPanel created={created} onDone={() => setCreated(null)} />
        ) : (
          <AddStaffForm
            onCreated={(next) => {
              setCreated(next);
              setStatus("");
            }}
          />
        )}
        {staff.isPending ? <Loading label="Loading the staff list…" /> : null}
        {staff.isError ? (
          <ErrorMessage title="We couldn't load the staff list" message={messageOf(staff.error)} onRetry={() => void staff.refetch()} />
        ) : null}
        {staff.data ? <StaffTable staff={staff.data} onDeactivated={setStatus} /> : null}
      </section>

      <AwaitingReassignment consultants={consultants} onAssigned={setStatus} />
      <ReassignAnyClient consultants={consultants} onAssigned={setStatus} />
      <PracticeDetails />
    </div>
  );
}

import { useState } from "react";
import { Button } from "../ui/button";
import { QueryState } from "../ui/query-state";
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
import { LeadOnly } from "../app/lead-only";
import { csvFilename, toCsv } from "../lib/csv";
import { isoToday } from "../lib/dates";
import { downloadText } from "../lib/download";

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
        <QueryState query={staff} what="the staff list">
          {(members) => <StaffTable staff={members} onDeactivated={setStatus} />}
        </QueryState>
      </section>

      <AwaitingReassignment consultants={consultants} onAssigned={setStatus} />
      <ReassignAnyClient consultants={consultants} onAssigned={setStatus} />
      <PracticeDetails />
    </div>
  );
}

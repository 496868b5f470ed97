import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createTRPCClient, TRPCClientError, type TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import type { AppRouter } from "@wave/server/router";
import { MemoryRouter } from "react-router-dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TRPCProvider } from "../app/trpc";
import type { CaseloadRow, StaffMember } from "./admin-types";
import { AwaitingReassignment } from "./reassignment";

const ROBIN: CaseloadRow = {
  clientId: "6f1d3c1e-8f3a-4b7e-9a4c-2d5e6f7a8b9c",
  displayName: "Robin",
  consultantId: "1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b",
  consultantName: "Sam (deactivated)",
  awaitingReassignment: true,
  postpartumWeeks: 10,
  episodes7d: 0,
  episodes30d: 0,
  meanIntensity30d: null,
  band: null,
  trend: "insufficient_data",
  lastEpisodeAt: null,
  nextFollowUpAt: null,
  flags: [],
  flagDetails: [],
};
const EMILY: StaffMember = {
  id: "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a",
  name: "Emily Carter",
  email: "emily@example.test",
  role: "consultant",
  deactivatedAt: null,
  activeClients: 3,
};

/** A BAD_REQUEST as the server sends it (server/src/trpc.ts). */
function refused(message: string, fieldErrors: Record<string, string[]>) {
  return TRPCClientError.from({
    error: { code: -32600, message, data: { code: "BAD_REQUEST", httpStatus: 400, path: "clients.assign", fieldErrors, conflict: null } },
  });
}

/** The API as a function of (procedure, input): every call is recorded, a thrown error is the server's refusal. */
function renderWithApi(answer: (path: string, input: unknown) => unknown) {
  const calls: { path: string; input: unknown }[] = [];
  const link: TRPCLink<AppRouter> = () => ({ op }) =>
    observable((observer) => {
      calls.push({ path: op.path, input: op.input });
      try {
        observer.next({ result: { type: "data", data: answer(op.path, op.input) } });
        observer.complete();
      } catch (error) {
        observer.error(error as TRPCClientError<AppRouter>);
      }
    });
  const trpcClient = createTRPCClient<AppRouter>({ links: [link] });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const onAssigned = vi.fn();
  render(
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <MemoryRouter>
          <AwaitingReassignment consultants={[EMILY]} onAssigned={onAssigned} />
        </MemoryRouter>
      </TRPCProvider>
    </QueryClientProvider>,
  );
  const assigned = () => calls.filter((call) => call.path === "clients.assign");
  return { onAssigned, assigned };
}

/** The caseload answers with Robin awaiting reassignment; anything else falls to `assign`. */
function practice(assign: (input: unknown) => unknown) {
  return (path: string, input: unknown) => {
    if (path === "caseload.list") return { rows: [ROBIN], total: 1, page: 1, pageSize: 200 };
    if (path === "clients.assign") return assign(input);
    return [];
  };
}

afterEach(cleanup);

describe("Clients awaiting reassignment", () => {
  it("asks for a consultant in the shared schema's words, beside the select, and sends nothing", async () => {
    const user = userEvent.setup();
    const { assigned } = renderWithApi(practice(() => ({})));
    const row = await screen.findByTestId("awaiting-row");
    await user.click(within(row).getByRole("button", { name: "Assign" }));

    const select = within(row).getByLabelText("Consultant for Robin");
    await waitFor(() => expect(select.getAttribute("aria-invalid")).toBe("true"));
    expect(within(row).getByText("Choose the consultant to take over")).toBeTruthy();
    expect(document.activeElement).toBe(select);
    expect(assigned()).toHaveLength(0);
  });

  it("gives the client to the chosen consultant and says so", async () => {
    const user = userEvent.setup();
    const { assigned, onAssigned } = renderWithApi(practice(() => ({})));
    const row = await screen.findByTestId("awaiting-row");
    await user.selectOptions(within(row).getByLabelText("Consultant for Robin"), EMILY.id);
    await user.click(within(row).getByRole("button", { name: "Assign" }));

    await waitFor(() => expect(onAssigned).toHaveBeenCalledWith("Robin is now with Emily Carter."));
    expect(assigned().map((call) => call.input)).toEqual([{ clientId: ROBIN.clientId, consultantId: EMILY.id }]);
  });

  it("shows the server's refusal in the row, in its own words", async () => {
    const user = userEvent.setup();
    const { onAssigned } = renderWithApi(
      practice(() => {
        throw refused("Choose an active consultant of your practice", { primaryConsultantId: ["Choose an active consultant of your practice"] });
      }),
    );
    const row = await screen.findByTestId("awaiting-row");
    await user.selectOptions(within(row).getByLabelText("Consultant for Robin"), EMILY.id);
    await user.click(within(row).getByRole("button", { name: "Assign" }));

    const alert = await within(row).findByRole("alert");
    expect(alert.textContent).toBe("Choose an active consultant of your practice");
    expect(onAssigned).not.toHaveBeenCalled();
  });
});

import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { TRPCClientError } from "@trpc/client";
import { UserCreateInput } from "@wave/shared";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Field } from "../field";
import { checkWith, type Wire } from "./check";
import { FormAlert } from "./form-parts";
import { useRecordForm } from "./use-record-form";

type Staff = Wire<ReturnType<typeof UserCreateInput.parse>>;

/** A failed call as the tRPC client hands it over: the server's error shape (server/src/trpc.ts). */
function serverError(code: "BAD_REQUEST" | "FORBIDDEN", message: string, fieldErrors: Record<string, string[]> | null) {
  return TRPCClientError.from({
    error: { code: -32600, message, data: { code, httpStatus: 400, path: "users.create", fieldErrors, conflict: null } },
  });
}

/** A small staff form built on the hook, as the app's forms are. */
function StaffForm({
  save,
  onRender,
  name = "",
}: {
  save: (input: Staff, id: string) => Promise<unknown>;
  onRender?: (id: string) => void;
  name?: string;
}) {
  const recordForm = useRecordForm({
    defaultValues: { name, email: "" },
    check: (values) => checkWith(UserCreateInput, { ...values, role: "consultant" }),
    save: (input, { id }) => save(input, id),
  });
  onRender?.(recordForm.id);
  return (
    <form ref={recordForm.formRef} onSubmit={recordForm.submit} noValidate>
      <FormAlert message={recordForm.formError} fieldCount={recordForm.invalidCount} />
      <Field label="Name" {...recordForm.text("name")} />
      <Field label="Email" {...recordForm.text("email")} />
      <button type="submit">{recordForm.busy ? "Saving…" : "Save"}</button>
      <button type="button" onClick={() => recordForm.reset()}>
        Start again
      </button>
      <button type="button" onClick={() => recordForm.load({ name: "Grace Hopper", email: "grace@example.test" })}>
        Use theirs
      </button>
    </form>
  );
}

async function fillIn(user: ReturnType<typeof userEvent.setup>, name: string, email: string) {
  await user.type(screen.getByLabelText("Name"), name);
  await user.type(screen.getByLabelText("Email"), email);
}

afterEach(cleanup);

describe("useRecordForm", () => {
  it("shows the shared schema's words beside the field and focuses it, sending nothing", async () => {
    const user = userEvent.setup();
    const save = vi.fn(() => Promise.resolve());
    render(<StaffForm save={save} />);
    await fillIn(user, "Ada Lovelace", "not-an-email");
    await user.click(screen.getByRole("button", { name: "Save" }));

    const email = screen.getByLabelText("Email");
    await waitFor(() => expect(email.getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText("Enter a valid email address, like name@example.com")).toBeTruthy();
    expect(document.activeElement).toBe(email);
    expect(save).not.toHaveBeenCalled();
  });

  it("puts the server's fieldErrors beside the field they name", async () => {
    const user = userEvent.setup();
    const save = vi.fn(() =>
      Promise.reject(serverError("BAD_REQUEST", "email: Someone already has an account with this email", {
        email: ["Someone already has an account with this email"],
      })),
    );
    render(<StaffForm save={save} />);
    await fillIn(user, "Ada Lovelace", "ada@example.test");
    await user.click(screen.getByRole("button", { name: "Save" }));

    const email = screen.getByLabelText("Email");
    await waitFor(() => expect(email.getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText("Someone already has an account with this email")).toBeTruthy();
    expect(screen.getByLabelText("Name").getAttribute("aria-invalid")).toBeNull();
    expect(document.activeElement).toBe(email);
    // Typing in the field takes its message away.
    await user.type(email, "m");
    expect(screen.queryByText("Someone already has an account with this email")).toBeNull();
  });

  it("puts a server message on a field the user never touched", async () => {
    const user = userEvent.setup();
    const save = () => Promise.reject(serverError("BAD_REQUEST", "name: Someone of that name works here", { name: ["Someone of that name works here"] }));
    render(<StaffForm save={save} name="Ada Lovelace" />);
    await user.type(screen.getByLabelText("Email"), "ada@example.test");
    await user.click(screen.getByRole("button", { name: "Save" }));

    const name = screen.getByLabelText("Name");
    await waitFor(() => expect(name.getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText("Someone of that name works here")).toBeTruthy();
  });

  it("shows an error about no field in the form's alert, keeping what was typed", async () => {
    const user = userEvent.setup();
    render(<StaffForm save={() => Promise.reject(serverError("FORBIDDEN", "Only a practice lead can add staff.", null))} />);
    await fillIn(user, "Ada Lovelace", "ada@example.test");
    await user.click(screen.getByRole("button", { name: "Save" }));

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Only a practice lead can add staff.");
    expect(screen.getByLabelText<HTMLInputElement>("Email").value).toBe("ada@example.test");
  });

  it("sends once when Save is clicked twice while the first save is in flight", async () => {
    const user = userEvent.setup();
    let finish: () => void = () => undefined;
    const save = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    render(<StaffForm save={save} />);
    await fillIn(user, "Ada Lovelace", "ada@example.test");
    const button = screen.getByRole("button", { name: "Save" });
    await user.click(button);
    await user.click(button);
    await user.keyboard("{Enter}");
    finish();

    await waitFor(() => expect(screen.getByRole("button", { name: "Save" })).toBeTruthy());
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith({ name: "Ada Lovelace", email: "ada@example.test", role: "consultant" }, expect.any(String));
  });

  it("keeps one record id across re-renders and retries, and makes a new one for a new record", async () => {
    const user = userEvent.setup();
    const seen: string[] = [];
    const save = vi.fn(() => Promise.reject(serverError("FORBIDDEN", "Try again.", null)));
    render(<StaffForm save={save} onRender={(id) => seen.push(id)} />);
    await fillIn(user, "Ada Lovelace", "ada@example.test");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByRole("alert");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(save).toHaveBeenCalledTimes(2));

    const first = seen[0];
    expect(new Set(seen)).toEqual(new Set([first]));
    expect(save.mock.calls.map((call) => (call as unknown[])[1])).toEqual([first, first]);

    await user.click(screen.getByRole("button", { name: "Start again" }));
    const latest = seen[seen.length - 1];
    expect(latest).toMatch(/^[0-9a-f-]{36}$/);
    expect(latest).not.toBe(first);
    expect(screen.getByLabelText<HTMLInputElement>("Name").value).toBe("");
  });

  it("keeps values put in by 'Use theirs' through later renders, under the same record id", async () => {
    const user = userEvent.setup();
    const seen: string[] = [];
    const save = vi.fn(() => Promise.resolve());
    render(<StaffForm save={save} onRender={(id) => seen.push(id)} />);
    await user.click(screen.getByRole("button", { name: "Use theirs" }));
    await user.click(screen.getByRole("button", { name: "Save" }));

    await waitFor(() => expect(save).toHaveBeenCalledOnce());
    expect(save).toHaveBeenCalledWith({ name: "Grace Hopper", email: "grace@example.test", role: "consultant" }, seen[0]);
    expect(screen.getByLabelText<HTMLInputElement>("Name").value).toBe("Grace Hopper");
  });
});

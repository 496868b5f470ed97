import { act, cleanup, renderHook } from "@testing-library/react";
import { TRPCClientError } from "@trpc/client";
import { ClientRecord } from "@wave/shared";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useVersionConflict } from "./use-version-conflict";

const Profile = ClientRecord.pick({ clientId: true, displayName: true, version: true });
type Profile = ReturnType<typeof Profile.parse>;

const READ: Profile = { clientId: "6f1d3c1e-8f3a-4b7e-9a4c-2d5e6f7a8b9c", displayName: "Robin", version: 3 };
const NOW_SAVED: Profile = { ...READ, displayName: "Robin K.", version: 4 };

/** A CONFLICT as the server sends it: the record as stored now (server/src/trpc.ts). */
function conflictError(current: Record<string, unknown>) {
  return TRPCClientError.from({
    error: {
      code: -32009,
      message: "This client was changed by someone else since you opened it.",
      data: { code: "CONFLICT", httpStatus: 409, path: "clients.update", fieldErrors: null, conflict: { entity: "client", current } },
    },
  });
}

afterEach(cleanup);

describe("useVersionConflict", () => {
  it("holds the record as stored now after a CONFLICT, and refreshes the page behind", () => {
    const { result } = renderHook(() => useVersionConflict(Profile, READ));
    const refresh = vi.fn();
    let caught = false;
    act(() => {
      caught = result.current.catchConflict(conflictError(NOW_SAVED), refresh);
    });
    expect(caught).toBe(true);
    expect(result.current.conflict).toEqual(NOW_SAVED);
    expect(result.current.stored).toEqual(READ);
    expect(refresh).toHaveBeenCalledOnce();
  });

  it("leaves any other failure to the form", () => {
    const { result } = renderHook(() => useVersionConflict(Profile, READ));
    const refresh = vi.fn();
    expect(result.current.catchConflict(new Error("offline"), refresh)).toBe(false);
    // A CONFLICT whose record does not read as this form's record is not shown as a comparison.
    expect(result.current.catchConflict(conflictError({ displayName: 7 }), refresh)).toBe(false);
    expect(result.current.conflict).toBeNull();
    expect(refresh).not.toHaveBeenCalled();
  });

  it("'Use theirs' edits the saved version from then on and loads it into the form", () => {
    const { result } = renderHook(() => useVersionConflict(Profile, READ));
    act(() => void result.current.catchConflict(conflictError(NOW_SAVED)));
    const load = vi.fn();
    act(() => result.current.takeTheirs(load));
    expect(load).toHaveBeenCalledWith(NOW_SAVED);
    expect(result.current.stored).toEqual(NOW_SAVED);
    expect(result.current.conflict).toBeNull();
  });

  it("'Overwrite with mine' saves at the version saved now, once", () => {
    const { result } = renderHook(() => useVersionConflict(Profile, READ));
    act(() => void result.current.catchConflict(conflictError(NOW_SAVED)));
    const save = vi.fn();
    act(() => result.current.overwrite(save));
    act(() => result.current.overwrite(save));
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith(4);
    expect(result.current.conflict).toBeNull();
  });
});

import { act, cleanup, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter, useLocation } from "react-router-dom";
import { Band } from "@wave/shared";
import { afterEach, describe, expect, it } from "vitest";
import { enumParam, pageParam, useUrlState } from "./url-state";

// The view lives in the address: what the hook reads is what the address says,
// and what it writes is what a reload or a shared link would show.
const SPEC = { band: enumParam("band", Band), page: pageParam() };

function renderAt(address: string) {
  const wrapper = ({ children }: { children: ReactNode }) => <MemoryRouter initialEntries={[address]}>{children}</MemoryRouter>;
  return renderHook(
    () => {
      const state = useUrlState(SPEC);
      const location = useLocation();
      return { ...state, address: `${location.pathname}${location.search}` };
    },
    { wrapper },
  );
}

afterEach(cleanup);

describe("useUrlState", () => {
  it("reads the view from the address", () => {
    const { result } = renderAt("/caseload?band=severe&page=3");
    expect(result.current.values).toEqual({ band: "severe", page: 3 });
  });

  it("reads a tampered or stale address as the default view instead of breaking the page", () => {
    const { result } = renderAt("/caseload?band=catastrophic&page=-2");
    expect(result.current.values).toEqual({ band: null, page: 1 });
  });

  it("writes a change into the address, keeps the other parameters and leaves defaults out", () => {
    const { result } = renderAt("/caseload?band=mild&page=2&search=rob");
    act(() => result.current.update({ page: 1 }));
    expect(result.current.address).toBe("/caseload?band=mild&search=rob");
    act(() => result.current.update({ band: "moderate", page: 4 }));
    expect(result.current.values).toEqual({ band: "moderate", page: 4 });
    expect(result.current.address).toBe("/caseload?band=moderate&search=rob&page=4");
  });
});

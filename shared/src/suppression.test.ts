import { describe, expect, it } from "vitest";
import { cell, countCell } from "./suppression.js";

describe("small-cell suppression", () => {
  it("suppresses a cell resting on 4 clients and shows one resting on 5", () => {
    expect(countCell(4, 5)).toEqual({ suppressed: true, value: null });
    expect(countCell(5, 5)).toEqual({ suppressed: false, value: 5 });
    expect(cell(6.2, 4, 5)).toEqual({ suppressed: true, value: null });
    expect(cell(6.2, 5, 5)).toEqual({ suppressed: false, value: 6.2 });
  });
  it("honours a configured threshold", () => {
    expect(countCell(9, 10).suppressed).toBe(true);
    expect(countCell(3, 3).suppressed).toBe(false);
  });
});

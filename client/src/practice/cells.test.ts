import { describe, expect, it } from "vitest";
import { chartValue, csvCell, formatCell, formatInterval, formatNumber, suppressedText } from "./cells";

const shown = (value: number) => ({ suppressed: false as const, value });
const hidden = { suppressed: true as const, value: null };

describe("cell formatting", () => {
  it("says 'fewer than N' for a suppressed cell, with the API's threshold", () => {
    expect(formatCell(hidden, 5)).toBe("fewer than 5");
    expect(formatCell(hidden, 11, "mean")).toBe("fewer than 11");
    expect(suppressedText(5)).toBe("fewer than 5");
  });

  it("formats shown numbers by kind", () => {
    expect(formatCell(shown(1135), 5)).toBe("1,135");
    expect(formatCell(shown(3.7), 5, "mean")).toBe("3.70");
    expect(formatCell(shown(0.857), 5, "share")).toBe("86%");
    expect(formatNumber(-0.97, "change")).toBe("-0.97");
    expect(formatNumber(0.12, "change")).toBe("+0.12");
    expect(formatNumber(0, "change")).toBe("0.00");
  });

  it("never turns a suppressed cell into a number", () => {
    expect(chartValue(hidden)).toBeNull();
    expect(chartValue(shown(0))).toBe(0);
    expect(csvCell(hidden, 5)).toBe("fewer than 5");
    expect(csvCell(shown(-0.97), 5)).toBe(-0.97);
  });

  it("writes an interval, or withholds it when either end is suppressed", () => {
    expect(formatInterval(shown(-1.18), shown(-0.75), 5)).toBe("-1.18 to -0.75");
    expect(formatInterval(shown(-1.09), shown(0.87), 5)).toBe("-1.09 to +0.87");
    expect(formatInterval(hidden, shown(1), 5)).toBe("fewer than 5");
  });
});

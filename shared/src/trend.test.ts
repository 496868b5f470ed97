import { describe, expect, it } from "vitest";
import { classifyTrend } from "./trend.js";

const window = (count: number, mean: number | null) => ({ count, mean });

describe("classifyTrend (last 14 days against the 14 before)", () => {
  it("calls a drop of one point or more improving", () => {
    expect(classifyTrend(window(5, 6), window(4, 5))).toBe("improving");
  });
  it("calls a rise of one point or more worsening", () => {
    expect(classifyTrend(window(5, 4), window(4, 5.2))).toBe("worsening");
  });
  it("calls a change under one point stable", () => {
    expect(classifyTrend(window(5, 4), window(4, 4.9))).toBe("stable");
    expect(classifyTrend(window(5, 4), window(4, 3.1))).toBe("stable");
  });
  it("needs at least 3 episodes in each window", () => {
    expect(classifyTrend(window(2, 8), window(5, 2))).toBe("insufficient_data");
    expect(classifyTrend(window(5, 2), window(2, 8))).toBe("insufficient_data");
    expect(classifyTrend(window(3, 2), window(3, 8))).toBe("worsening");
  });
});

import { describe, expect, it } from "vitest";
import { sameContent } from "./idempotency.js";

describe("sameContent", () => {
  it("compares instants by the time they name, not by how they were written", () => {
    expect(sameContent({ at: new Date("2026-12-01T10:00:00+02:00") }, { at: new Date("2026-12-01T08:00:00.000Z") })).toBe(true);
    expect(sameContent({ at: new Date("2026-12-01T10:00:00Z") }, { at: new Date("2026-12-01T10:00:00.001Z") })).toBe(false);
  });
  it("treats an absent optional field as null, and compares arrays in order", () => {
    expect(sameContent({ notes: undefined, types: ["anger"] }, { notes: null, types: ["anger"] })).toBe(true);
    expect(sameContent({ types: ["anger", "anxiety"] }, { types: ["anxiety", "anger"] })).toBe(false);
    expect(sameContent({ intensity: 5 }, { intensity: 6 })).toBe(false);
  });
});

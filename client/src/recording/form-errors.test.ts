import { describe, expect, it } from "vitest";
import { toWire } from "./form-errors";

describe("toWire", () => {
  it("sends parsed instants as the ISO strings of the same instant, leaving everything else as it is", () => {
    const parsed = { occurredAt: new Date("2026-12-01T03:10:00+02:00"), types: ["anger"], intensity: 7, notes: undefined };
    expect(toWire(parsed)).toEqual({ occurredAt: "2026-12-01T01:10:00.000Z", types: ["anger"], intensity: 7, notes: undefined });
  });
});

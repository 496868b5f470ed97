import { NoteCreateInput } from "@wave/shared";
import { describe, expect, it } from "vitest";
import { checkWith, toWire } from "./check";

describe("toWire", () => {
  it("sends parsed instants as the ISO strings of the same instant, leaving everything else as it is", () => {
    const parsed = { occurredAt: new Date("2026-12-01T03:10:00+02:00"), types: ["anger"], intensity: 7, notes: undefined };
    expect(toWire(parsed)).toEqual({ occurredAt: "2026-12-01T01:10:00.000Z", types: ["anger"], intensity: 7, notes: undefined });
  });
});

describe("checkWith", () => {
  const ids = { id: "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f", clientId: "0a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d" };

  it("gives the schema's own words, at the input path", () => {
    expect(checkWith(NoteCreateInput, { ...ids, body: "  " })).toEqual({ ok: false, problems: [["body", "Write the note"]] });
  });

  it("refuses a valid input when a rule outside the schema failed", () => {
    expect(checkWith(NoteCreateInput, { ...ids, body: "ok" }, [["context", "Choose the context"]])).toEqual({
      ok: false,
      problems: [["context", "Choose the context"]],
    });
  });
});

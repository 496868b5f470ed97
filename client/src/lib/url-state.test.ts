import { Band } from "@wave/shared";
import { describe, expect, it } from "vitest";
import { enumParam, flagParam, isoDateParam, pageParam, readParams, textParam, uuidParam, writeParams } from "./url-state";

const ID = "99bb03a8-0d34-4605-828e-5048a972ee10";
const spec = {
  band: enumParam("band", Band),
  flagged: flagParam("flagged"),
  page: pageParam(),
  q: textParam("q", { max: 5 }),
  consultant: uuidParam("consultant"),
  from: isoDateParam("from"),
};
const defaults = { band: null, flagged: false, page: 1, q: "", consultant: null, from: "" };

describe("url state", () => {
  it("reads a shared link's view", () => {
    const search = new URLSearchParams(`band=severe&flagged=1&page=3&q=Priya&consultant=${ID}&from=2026-11-01`);
    expect(readParams(search, spec)).toEqual({ band: "severe", flagged: true, page: 3, q: "Priya", consultant: ID, from: "2026-11-01" });
  });

  it("reads an address with nothing in it as the default view", () => {
    expect(readParams(new URLSearchParams(""), spec)).toEqual(defaults);
  });

  it("falls back to the default for each value a hand-edited address gets wrong", () => {
    const search = new URLSearchParams("band=extreme&flagged=yes&page=-2&q=Priya%20Chandra&consultant=emily&from=2026-02-30");
    expect(readParams(search, spec)).toEqual({ ...defaults, q: "Priya" });
    expect(readParams(new URLSearchParams("page=2.5"), spec).page).toBe(1);
  });

  it("writes only what differs from the default, keeping other parameters", () => {
    const written = writeParams(spec, { band: "mild", flagged: true, page: 1, q: " ", consultant: null }, new URLSearchParams("other=kept&page=4"));
    expect(written.toString()).toBe("other=kept&band=mild&flagged=1");
  });

  it("reads back what it writes", () => {
    const view = { band: "moderate" as const, flagged: true, page: 2, q: "Ada", consultant: ID, from: "2026-10-05" };
    expect(readParams(writeParams(spec, view), spec)).toEqual(view);
  });
});

import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldError } from "./errors.js";
import { describeError } from "./trpc.js";

describe("describeError: what the user is told", () => {
  it("names each invalid field of a schema error", () => {
    const parsed = z.object({ intensity: z.number().max(10, { error: "Intensity must be from 1 to 10" }) }).safeParse({ intensity: 11 });
    const error = new TRPCError({ code: "BAD_REQUEST", cause: parsed.error });
    expect(describeError(error)).toEqual({
      message: "intensity: Intensity must be from 1 to 10",
      fieldErrors: { intensity: ["Intensity must be from 1 to 10"] },
    });
  });

  it("names the field of a rule the service checked", () => {
    expect(describeError(fieldError("assessedAt", "An outcome cannot be assessed before the intervention started"))).toEqual({
      message: "assessedAt: An outcome cannot be assessed before the intervention started",
      fieldErrors: { assessedAt: ["An outcome cannot be assessed before the intervention started"] },
    });
  });

  it("never passes on the internals of a failure of ours", () => {
    const error = new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: 'relation "episodes" does not exist' });
    expect(describeError(error).message).toBe(
      "Something went wrong on our side. Please try again; if it keeps happening, contact support.",
    );
  });
});

import { describe, expect, it } from "vitest";
import { splitServerErrors } from "./server-field-errors";

const FIELDS = ["currentPassword", "newPassword"];

describe("server errors beside fields", () => {
  it("places zod field errors next to their fields", () => {
    expect(splitServerErrors({ newPassword: ["Choose a password of at least 12 characters"] }, "newPassword: …", FIELDS)).toEqual({
      fields: { newPassword: ["Choose a password of at least 12 characters"] },
      other: null,
    });
  });

  it("reads a service's 'field: message' wording", () => {
    expect(splitServerErrors({}, "currentPassword: Your current password is not right", FIELDS)).toEqual({
      fields: { currentPassword: ["Your current password is not right"] },
      other: null,
    });
  });

  it("keeps anything else for the form's alert", () => {
    expect(splitServerErrors({}, "Please sign in to continue.", FIELDS)).toEqual({ fields: {}, other: "Please sign in to continue." });
    expect(splitServerErrors({ "(input)": ["Invalid input"] }, "", FIELDS)).toEqual({ fields: {}, other: "(input): Invalid input" });
    expect(splitServerErrors({}, "email: Someone already has an account with this email", FIELDS).other).toBe(
      "email: Someone already has an account with this email",
    );
  });
});

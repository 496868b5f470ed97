import { describe, expect, it } from "vitest";
import { checkPasswordChange } from "./password-change";

describe("changing a password", () => {
  it("accepts a long new password typed twice", () => {
    expect(checkPasswordChange({ currentPassword: "Tmp3xampleAbc", newPassword: "a calm long password", confirmPassword: "a calm long password" })).toEqual({
      ok: true,
      input: { currentPassword: "Tmp3xampleAbc", newPassword: "a calm long password" },
    });
  });

  it("asks for the current password and at least 12 characters, in the server's words", () => {
    expect(checkPasswordChange({ currentPassword: "", newPassword: "short", confirmPassword: "short" })).toEqual({
      ok: false,
      problems: [
        ["currentPassword", "Enter your current password (the temporary one, if you were given one)"],
        ["newPassword", "Choose a password of at least 12 characters"],
      ],
    });
  });

  it("refuses the same password again, and a confirmation that differs", () => {
    expect(checkPasswordChange({ currentPassword: "same-password-1", newPassword: "same-password-1", confirmPassword: "same-password-1" })).toEqual({
      ok: false,
      problems: [["newPassword", "Choose a new password different from the current one"]],
    });
    expect(checkPasswordChange({ currentPassword: "x", newPassword: "a calm long password", confirmPassword: "a calm long passwore" })).toEqual({
      ok: false,
      problems: [["confirmPassword", "The two new passwords do not match: type the same password twice"]],
    });
  });
});

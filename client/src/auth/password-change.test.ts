import { describe, expect, it } from "vitest";
import { validatePasswordChange } from "./password-change";

describe("changing a password", () => {
  it("accepts a long new password typed twice", () => {
    expect(validatePasswordChange({ currentPassword: "Tmp3xampleAbc", newPassword: "a calm long password", confirmPassword: "a calm long password" })).toEqual({});
  });

  it("asks for the current password and at least 12 characters", () => {
    expect(validatePasswordChange({ currentPassword: "", newPassword: "short", confirmPassword: "short" })).toEqual({
      currentPassword: ["Enter your current password (the temporary one, if you were given one)"],
      newPassword: ["Choose a password of at least 12 characters"],
    });
  });

  it("refuses the same password again, and a confirmation that differs", () => {
    expect(validatePasswordChange({ currentPassword: "same-password-1", newPassword: "same-password-1", confirmPassword: "same-password-1" }).newPassword).toEqual([
      "Choose a new password different from the current one",
    ]);
    expect(validatePasswordChange({ currentPassword: "x", newPassword: "a calm long password", confirmPassword: "a calm long passwore" })).toEqual({
      confirmPassword: ["The two new passwords do not match: type the same password twice"],
    });
  });
});

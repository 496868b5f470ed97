import { ChangePasswordInput } from "@wave/shared";
import { checkWith, type Checked, type Problem } from "../ui/form/check";

export interface PasswordChangeForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

const MISMATCH = "The two new passwords do not match: type the same password twice";

/**
 * The server's own rules (ChangePasswordInput: length, different from the
 * current one) and the one only the form has: the two new entries match.
 * A mismatch is reported only once the new password itself is acceptable.
 */
export function checkPasswordChange(form: PasswordChangeForm): Checked<{ currentPassword: string; newPassword: string }> {
  const input = { currentPassword: form.currentPassword, newPassword: form.newPassword };
  const checked = checkWith(ChangePasswordInput, input);
  const newPasswordWrong = !checked.ok && checked.problems.some(([path]) => path === "newPassword");
  const mismatch: Problem[] = !newPasswordWrong && form.confirmPassword !== form.newPassword ? [["confirmPassword", MISMATCH]] : [];
  return mismatch.length > 0 ? checkWith(ChangePasswordInput, input, mismatch) : checked;
}

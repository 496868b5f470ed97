import { MIN_PASSWORD_LENGTH } from "@wave/shared";
import type { FieldErrors } from "./server-field-errors";

export interface PasswordChangeForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** The checks made before sending: the server's own (length, different) and that the two new entries match. */
export function validatePasswordChange(form: PasswordChangeForm): FieldErrors {
  const errors: FieldErrors = {};
  if (!form.currentPassword) errors.currentPassword = ["Enter your current password (the temporary one, if you were given one)"];
  if (form.newPassword.length < MIN_PASSWORD_LENGTH) {
    errors.newPassword = [`Choose a password of at least ${MIN_PASSWORD_LENGTH} characters`];
  } else if (form.newPassword === form.currentPassword) {
    errors.newPassword = ["Choose a new password different from the current one"];
  }
  if (!errors.newPassword && form.confirmPassword !== form.newPassword) {
    errors.confirmPassword = ["The two new passwords do not match: type the same password twice"];
  }
  return errors;
}

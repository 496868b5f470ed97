// Turning a failed call's answer into messages beside the form's fields.
// Input checks answer with `fieldErrors` (zod); rules checked in a service
// answer "field: message" in the error's text.

export type FieldErrors = Record<string, string[]>;

export interface ServerFieldErrors {
  fields: FieldErrors;
  /** What does not belong to any of the form's fields, for the form's alert. */
  other: string | null;
}

const FIELD_MESSAGE = /^([A-Za-z][\w.]*): (.+)$/;

export function splitServerErrors(
  fieldErrors: FieldErrors,
  message: string,
  formFields: readonly string[],
): ServerFieldErrors {
  const fields: FieldErrors = {};
  const other: string[] = [];
  for (const [path, messages] of Object.entries(fieldErrors)) {
    if (formFields.includes(path)) fields[path] = [...(fields[path] ?? []), ...messages];
    else other.push(...messages.map((text) => `${path}: ${text}`));
  }
  if (Object.keys(fieldErrors).length === 0) {
    const match = FIELD_MESSAGE.exec(message);
    if (match?.[1] && match[2] && formFields.includes(match[1])) fields[match[1]] = [match[2]];
    else if (message) other.push(message);
  }
  return { fields, other: other.length > 0 ? other.join(" ") : null };
}

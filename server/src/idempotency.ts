// Creates take a caller-generated id (docs/decisions/0009): the same id with
// the same content is a replay and answers the stored record; the same id
// with other content is a CONFLICT, never a silent drop of what was sent.

type Comparable = string | number | boolean | null | undefined | Date | readonly (string | number)[];

function normalized(value: Comparable): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return JSON.stringify(value);
  return value as string | number | boolean;
}

/** Whether every field sent equals the stored one (instants by time, absent as null). */
export function sameContent<K extends string>(sent: Record<K, Comparable>, stored: Record<K, Comparable>): boolean {
  return (Object.keys(sent) as K[]).every((key) => normalized(sent[key]) === normalized(stored[key]));
}

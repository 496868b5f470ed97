/** Names of the fields that differ: what the audit log may say about a change. */
export function changedFields<T extends object>(before: T, after: T): string[] {
  const ignored = new Set(["version", "recordedAt", "band"]);
  return (Object.keys(after) as (keyof T & string)[]).filter(
    (key) => !ignored.has(key) && JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
}

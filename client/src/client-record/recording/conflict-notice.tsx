import { useEffect, useRef } from "react";
import { Button } from "../../ui/button";

/** A version of a record in the words the form uses, field by field: [field label, value as text]. */
export type DescribedVersion = readonly (readonly [field: string, text: string])[];

interface ConflictRow {
  field: string;
  yours: string;
  saved: string;
}

/** The fields where the two versions differ, in the order the form shows them. */
function differences(yours: DescribedVersion, saved: DescribedVersion): ConflictRow[] {
  const savedText = new Map(saved);
  return yours
    .map(([field, text]) => ({ field, yours: text, saved: savedText.get(field) ?? "—" }))
    .filter((row) => row.yours !== row.saved);
}

/**
 * Someone saved the record after this form read it. Nothing was written:
 * the user compares the two versions field by field and chooses.
 */
export function ConflictNotice({
  entity,
  yours,
  saved,
  onUseTheirs,
  onOverwrite,
  busy,
}: {
  entity: string;
  /** What the form holds now and what is stored now, each described by the same function. */
  yours: DescribedVersion;
  saved: DescribedVersion;
  onUseTheirs: () => void;
  onOverwrite: () => void;
  busy: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const rows = differences(yours, saved);
  return (
    <div ref={ref} className="notice notice--warning conflict-notice" role="alert" tabIndex={-1} data-testid="conflict">
      <p className="notice__title">Someone else changed this {entity} after you opened it</p>
      <p>
        Nothing has been saved or overwritten, and what you typed is still in the form. Compare the two versions, then
        keep theirs or save yours over it.
      </p>
      {rows.length > 0 ? (
        <table className="conflict-notice__table">
          <caption className="visually-hidden">Differences between your version and the version saved now</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Yours</th>
              <th scope="col">Now saved</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.field}>
                <th scope="row">{row.field}</th>
                <td>{row.yours}</td>
                <td>{row.saved}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>The version saved now has the same values as yours in every field you can edit here.</p>
      )}
      <div className="conflict-notice__actions">
        <Button onClick={onUseTheirs} disabled={busy}>
          Use theirs
        </Button>
        <Button variant="primary" onClick={onOverwrite} busy={busy}>
          Overwrite with mine
        </Button>
      </div>
    </div>
  );
}

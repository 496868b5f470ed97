import { useEffect, useId, useState } from "react";

const DEBOUNCE_MS = 300;

export interface CaseloadSearchProps {
  /** The search in effect (from the URL). */
  value: string;
  onSearch: (search: string) => void;
}

/** Searches as the user types, once they pause, so each keystroke is not a request. */
export function CaseloadSearch({ value, onSearch }: CaseloadSearchProps) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  const [applied, setApplied] = useState(value);

  // The search changed from outside (clear button, back button): show it.
  if (value !== applied) {
    setApplied(value);
    setDraft(value);
  }

  useEffect(() => {
    if (draft.trim() === value.trim()) return;
    const timer = setTimeout(() => onSearch(draft), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft, value, onSearch]);

  return (
    <form className="search" role="search" onSubmit={(event) => {
      event.preventDefault();
      onSearch(draft);
    }}>
      <label htmlFor={id} className="search__label">
        Search clients by name
      </label>
      <input
        id={id}
        className="search__input"
        type="search"
        maxLength={100}
        autoComplete="off"
        spellCheck={false}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
      />
    </form>
  );
}

// "Now" for the rules that read it (a follow-up cannot be due in the past, an
// episode cannot happen in the future...). The schemas call `now()` instead of
// Date.now(), so a server started with a fixed clock, or a unit test, judges
// dates against that clock rather than the machine's (docs/decisions/0023).

let source: () => Date = () => new Date();

/** The current instant as the rules see it. */
export function now(): Date {
  return source();
}

/**
 * Replaces where `now()` reads from, and returns the function that puts the
 * previous source back. The server installs one source for the process (it
 * reads each request's own clock); tests install a fixed instant.
 */
export function setClockSource(next: () => Date): () => void {
  const previous = source;
  source = next;
  return () => {
    source = previous;
  };
}

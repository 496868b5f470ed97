import { Button } from "./button";

export interface ErrorMessageProps {
  title?: string;
  message: string;
  onRetry?: (() => void) | undefined;
  retrying?: boolean;
}

/** A failure the user can act on: what went wrong, and a way to try again. */
export function ErrorMessage({ title = "Something went wrong", message, onRetry, retrying = false }: ErrorMessageProps) {
  return (
    <div className="notice notice--error" role="alert">
      <p className="notice__title">{title}</p>
      <p>{message}</p>
      {onRetry ? (
        <Button variant="secondary" onClick={onRetry} busy={retrying}>
          {retrying ? "Retrying…" : "Retry"}
        </Button>
      ) : null}
    </div>
  );
}

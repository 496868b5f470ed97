import { pino, type Logger } from "pino";

export type { Logger };

// Structured logs carry ids, paths and error codes; never request bodies,
// never health data (docs/security.md). Redaction is a second line of defence.
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: "wave" },
    serializers: { err: serializeError, error: serializeError },
    redact: {
      paths: ["password", "*.password", "req.headers.cookie", "headers.cookie", "input", "*.input", "notes", "*.notes"],
      censor: "[redacted]",
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** What a logged error keeps: names and codes a developer needs, nothing a statement carried. */
export interface SafeError {
  name?: string;
  code?: string | number;
  message?: string;
  severity?: string;
  schema?: string;
  table?: string;
  column?: string;
  dataType?: string;
  constraint?: string;
  routine?: string;
  stack?: string;
  cause?: SafeError;
  errors?: SafeError[];
  type?: string;
}

// Identifiers of the schema, never values: pg's DatabaseError and PGlite's
// carry these. Everything else is dropped, above all `detail` ("Key
// (email)=(…)", "Failing row contains (…)"), `where`, `internalQuery`, the
// SQL (`query`) and its bind values (`params`, `parameters`).
const IDENTIFIER_FIELDS = ["severity", "schema", "table", "column", "dataType", "constraint", "routine"] as const;
const MAX_DEPTH = 4;

/**
 * The one serializer for `err` and `error` in every log line. A driver error
 * quotes values in its message (`invalid input syntax for type uuid: "…"`)
 * and a stack's first line repeats it, so quoted text is blanked and the
 * stack keeps its frames only.
 */
export function serializeError(value: unknown): SafeError {
  return serialize(value, 0);
}

function serialize(value: unknown, depth: number): SafeError {
  if (typeof value !== "object" || value === null) return { type: typeof value };
  const error = value as Record<string, unknown>;
  const safe: SafeError = {};
  const name = value instanceof Error ? value.name : error["name"];
  if (typeof name === "string") safe.name = name;
  const code = error["code"];
  if (typeof code === "string" || typeof code === "number") safe.code = code;
  if (typeof error["message"] === "string") safe.message = withoutQuotedValues(error["message"]);
  for (const field of IDENTIFIER_FIELDS) {
    const fieldValue = error[field];
    if (typeof fieldValue === "string") safe[field] = fieldValue;
  }
  if (typeof error["stack"] === "string") safe.stack = framesOnly(error["stack"]);
  if (depth < MAX_DEPTH) {
    if (error["cause"] !== undefined) safe.cause = serialize(error["cause"], depth + 1);
    const errors = error["errors"];
    if (Array.isArray(errors)) safe.errors = errors.slice(0, 5).map((inner: unknown) => serialize(inner, depth + 1));
  }
  return safe;
}

/** `duplicate key value violates unique constraint "x"` -> `... constraint "…"`; the constraint field keeps the name. */
export function withoutQuotedValues(message: string): string {
  return message.replace(/"[^"]*"|'[^']*'|`[^`]*`/g, (quoted) => `${quoted[0]}…${quoted[0]}`);
}

function framesOnly(stack: string): string {
  return stack
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .join("\n");
}

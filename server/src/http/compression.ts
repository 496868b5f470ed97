import compression from "compression";
import type { RequestHandler } from "express";

/** Server-sent events must reach the browser as they are written, not when a compressor's buffer fills. */
export function isEventStream(contentType: unknown): boolean {
  return typeof contentType === "string" && contentType.toLowerCase().startsWith("text/event-stream");
}

/**
 * Brotli or gzip, as the browser accepts, for API responses and the client's
 * assets (docs/decisions/0022-built-server.md); never for the live-updates stream.
 */
export function compressResponses(): RequestHandler {
  return compression({
    filter: (req, res) => !isEventStream(res.getHeader("Content-Type")) && compression.filter(req, res),
  });
}

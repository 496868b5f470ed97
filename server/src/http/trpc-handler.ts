import type { AnyRouter } from "@trpc/server";
import { incomingMessageToRequest, internal_exceptionHandler, type NodeHTTPHandlerOptions } from "@trpc/server/adapters/node-http";
import { resolveResponse } from "@trpc/server/http";
import type { Request, RequestHandler, Response } from "express";

// tRPC over Express, built from tRPC's own adapter parts (docs/decisions/0035):
// the request becomes a Fetch Request and tRPC's resolveResponse answers it,
// exactly as createExpressMiddleware does. Only the writing differs. Every
// answer of Wave's API is one JSON document, so it is sent whole, with its
// Content-Length, in one write: not piped chunk by chunk through a web
// stream with a flush after each, which cost each request's compression a
// zlib stream and a sync flush even for a 100-byte answer (the compressor
// cannot see a streamed body's size): about 2 ms of server CPU a request on the
// 2-core bench machine (auth.me, measured from /proc, docs/decisions/0035).

/**
 * Headers of tRPC's Response that this write replaces: the cookies are set as
 * a list below, and a whole body has a length, never a chunked encoding
 * (a streamed answer's `transfer-encoding: chunked` beside a Content-Length
 * is a malformed response that clients refuse).
 */
const NOT_COPIED = new Set(["set-cookie", "transfer-encoding", "content-length"]);

export type TrpcHandlerOptions<TRouter extends AnyRouter> = NodeHTTPHandlerOptions<TRouter, Request, Response>;

/** Mount under a prefix (app.use("/trpc", ...)): the rest of the path names the procedures. */
export function trpcHandler<TRouter extends AnyRouter>(options: TrpcHandlerOptions<TRouter>): RequestHandler {
  return (req, res) => {
    const path = req.path.slice(req.path.lastIndexOf("/") + 1);
    answer(options, req, res, path).catch(internal_exceptionHandler({ ...options, req, res, path }));
  };
}

async function answer<TRouter extends AnyRouter>(options: TrpcHandlerOptions<TRouter>, req: Request, res: Response, path: string): Promise<void> {
  const request = incomingMessageToRequest(req, res, { maxBodySize: options.maxBodySize ?? null });
  const response = await resolveResponse({
    ...options,
    req: request,
    path,
    error: null,
    createContext: async (inner) => options.createContext?.({ ...inner, req, res }),
    onError: (error) => options.onError?.({ ...error, req }),
  });
  if (res.statusCode === 200) res.statusCode = response.status;
  for (const [key, value] of response.headers) {
    if (!NOT_COPIED.has(key.toLowerCase())) res.setHeader(key, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  // A client that asks for a streamed answer (trpc-accept: application/jsonl) gets it whole:
  // Wave's links never ask, and a batch is bounded (MAX_BATCH_CALLS).
  const body = Buffer.from(await response.arrayBuffer());
  res.setHeader("Content-Length", body.length);
  res.end(body);
}

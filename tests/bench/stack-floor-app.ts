import { initTRPC, type AnyRouter } from "@trpc/server";
import express, { type Express, type Response } from "express";
import helmet from "helmet";
import type { ExecutedQuery } from "@wave/db";
import { compressResponses, trpcHandler } from "@wave/server/testing";

// The stack's floor (docs/decisions/0038): what the chosen stack costs on its
// own for one endpoint's request. Express with helmet and compression, tRPC
// through Wave's own adapter (server/src/http/trpc-handler.ts), the endpoint's
// captured statements executed through Kysely on one pooled connection, and
// the endpoint's captured answer serialised by tRPC. Nothing of Wave's own
// work is in it: no session check, no access rules, no query building, no
// rows turned into an answer, no audit details. What the real server spends
// beyond this is Wave's code; what this spends beyond the SQL floor is the
// stack's, and no code of Wave's can go below it.

/** One endpoint as the stack floor replays it. */
export interface StackReplay {
  /** Path and query string as the load tool requests it: the key the replay is found by. */
  path: string;
  /** Every statement one real request ran, in order (floor.ts's capture). */
  statements: readonly ExecutedQuery[];
  /** Each procedure's answer (the `data` of its tRPC result) by procedure path, as the real server sent it. */
  answers: Readonly<Record<string, unknown>>;
}

/** Runs one request's statements in order on one connection; rejects if any fails. */
export type StatementRunner = (statements: readonly ExecutedQuery[]) => Promise<void>;

interface ReplayContext {
  replay: StackReplay;
  /** Settles once the request's statements have run: the first call of a batch runs them, the others wait. */
  ran: Promise<void> | null;
}

const replays = new WeakMap<Response, ReplayContext>();

/** A tRPC router with a query at each procedure path ("caseload.list"), answering the replay's captured data. */
function replayRouter(paths: readonly string[], run: StatementRunner): AnyRouter {
  const t = initTRPC.context<ReplayContext>().create();
  const procedure = t.procedure
    // Validation is Wave's work (its zod schemas), not the stack's: the input is taken as sent.
    .input((input: unknown) => input)
    .query(async ({ ctx, path }) => {
      ctx.ran ??= run(ctx.replay.statements);
      await ctx.ran;
      if (!(path in ctx.replay.answers)) throw new Error(`no captured answer for ${path}`);
      return ctx.replay.answers[path];
    });
  const tree: Record<string, unknown> = {};
  for (const full of paths) {
    const parts = full.split(".");
    let node = tree;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts.at(-1) ?? full] = procedure;
  }
  return t.router(tree as Parameters<typeof t.router>[0]);
}

/** The stack floor's Express app; a path it was not given is a 404, never a guess. */
export function createStackFloorApp(given: readonly StackReplay[], run: StatementRunner): Express {
  const byPath = new Map<string, StackReplay>();
  for (const replay of given) {
    if (byPath.has(replay.path)) throw new Error(`two replays for ${replay.path}: the stack floor could not tell them apart`);
    byPath.set(replay.path, replay);
  }
  const router = replayRouter([...new Set(given.flatMap((replay) => Object.keys(replay.answers)))], run);
  const app = express();
  app.disable("x-powered-by");
  app.use(helmet());
  app.use(compressResponses());
  app.get("/readyz", (_req, res) => {
    res.json({ status: "ready" });
  });
  app.use("/trpc", (req, res, next) => {
    const replay = byPath.get(req.originalUrl);
    if (!replay) {
      res.status(404).json({ error: `no replay for ${req.originalUrl}` });
      return;
    }
    replays.set(res, { replay, ran: null });
    next();
  });
  app.use(
    "/trpc",
    trpcHandler({
      router,
      createContext: ({ res }) => {
        const context = replays.get(res);
        if (!context) throw new Error("the replay middleware did not run");
        return context;
      },
    }),
  );
  return app;
}

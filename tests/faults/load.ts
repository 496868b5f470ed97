import { randomUUID } from "node:crypto";
import http from "node:http";
import autocannon from "autocannon";

// Bounded load on loopback: autocannon drives it (a fixed rate, a request
// budget and a time limit), mixing the caseload read and idempotent episode
// writes with client-generated ids. Every write sent and every one answered
// 200 goes into the ledger, to be found as rows afterwards.

export interface Session {
  base: string;
  cookie: string;
  clientId: string;
}

/** Writes sent (id -> body, so a retry sends the same content) and those acknowledged with 200. */
export interface Ledger {
  sent: Map<string, string>;
  acknowledged: Set<string>;
}

export function createLedger(): Ledger {
  return { sent: new Map(), acknowledged: new Set() };
}

export interface LoadFigures {
  requests: number;
  responses: Record<string, number>;
  /** Requests that got no response, by error code. */
  errors: Record<string, number>;
  /** Connections refused: nothing was sent (not counted in requests). */
  refused: number;
  timeouts: number;
  maxLatencyMs: number;
  writesSent: number;
  writesAcknowledged: number;
}

const CASELOAD_PATH = `/trpc/caseload.list?input=${encodeURIComponent(JSON.stringify({ page: 1, pageSize: 25 }))}`;
const EPISODE_PATH = "/trpc/episodes.create";

/** A new episode for the ledger's client: an id of its own, plain content. */
export function newEpisodeBody(ledger: Ledger, clientId: string): { id: string; body: string } {
  const id = randomUUID();
  const body = JSON.stringify({
    id,
    clientId,
    occurredAt: new Date(Date.now() - 60 * 60 * 1000).toISOString(),
    intensity: 1 + (ledger.sent.size % 10),
    types: ["anxiety"],
    context: "nursing",
    letDown: "first",
    durationSeconds: 60,
    impact: "none",
    selfHarmThoughts: false,
    ratedAfterEducation: false,
  });
  ledger.sent.set(id, body);
  return { id, body };
}

/** The id of a created episode in a 200 body, if it is one this run sent. */
function acknowledgedId(ledger: Ledger, body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { result?: { data?: { id?: unknown } } };
    const id = parsed.result?.data?.id;
    return typeof id === "string" && ledger.sent.has(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

function count(tally: Record<string, number>, key: string): void {
  tally[key] = (tally[key] ?? 0) + 1;
}

function errorKind(error: unknown): string {
  if (error instanceof Error) return "code" in error && typeof error.code === "string" ? error.code : error.message;
  return String(error);
}

export interface LoadOptions {
  connections: number;
  /** Requests per second, all connections together. */
  rate: number;
  maxRequests: number;
  maxSeconds: number;
  /** A request with no answer after this long counts as a timeout (the "fail fast" bound). */
  timeoutSeconds: number;
  /**
   * Stop at the first refused connection: the server has stopped listening
   * (a shutdown), and autocannon would otherwise reconnect in a tight loop.
   */
  stopWhenRefused?: boolean;
}

export interface RunningLoad {
  figures: LoadFigures;
  /** Stops sending and resolves once autocannon has finished. */
  stop(): Promise<LoadFigures>;
}

export function startLoad(session: Session, ledger: Ledger, options: LoadOptions): RunningLoad {
  const figures: LoadFigures = {
    requests: 0,
    responses: {},
    errors: {},
    refused: 0,
    timeouts: 0,
    maxLatencyMs: 0,
    writesSent: 0,
    writesAcknowledged: 0,
  };
  const instance = autocannon(
    {
      url: session.base,
      connections: options.connections,
      overallRate: options.rate,
      amount: options.maxRequests,
      timeout: options.timeoutSeconds,
      headers: { cookie: session.cookie, "content-type": "application/json" },
      requests: [
        { method: "GET", path: CASELOAD_PATH },
        {
          method: "POST",
          path: EPISODE_PATH,
          setupRequest: (request) => {
            figures.writesSent += 1;
            return { ...request, body: newEpisodeBody(ledger, session.clientId).body };
          },
          onResponse: (status, body) => {
            if (status !== 200) return;
            const id = acknowledgedId(ledger, body);
            if (id && !ledger.acknowledged.has(id)) {
              ledger.acknowledged.add(id);
              figures.writesAcknowledged += 1;
            }
          },
        },
      ],
    },
    () => undefined,
  );
  // Counted by outcome: autocannon's own "sent" includes requests still unanswered when it stops.
  instance.on("response", (_client, statusCode, _bytes, responseTime) => {
    figures.requests += 1;
    count(figures.responses, String(statusCode));
    figures.maxLatencyMs = Math.max(figures.maxLatencyMs, Math.round(responseTime));
  });
  instance.on("reqError", (error) => {
    const kind = errorKind(error);
    if (kind === "ECONNREFUSED") {
      figures.refused += 1;
      if (options.stopWhenRefused) instance.stop();
      return;
    }
    figures.requests += 1;
    if (kind === "request timed out") figures.timeouts += 1;
    else count(figures.errors, kind);
  });
  const done = new Promise<void>((resolve) => instance.once("done", () => resolve()));
  const timeLimit = setTimeout(() => instance.stop(), options.maxSeconds * 1000);
  return {
    figures,
    stop: async () => {
      clearTimeout(timeLimit);
      instance.stop();
      await done;
      return figures;
    },
  };
}

export interface ClientFigures {
  requests: number;
  responses: Record<string, number>;
  /** Responses that carried `Connection: close`. */
  closingResponses: number;
  /** Requests cut after they reached the server: reset, hung up, or a body that ended early. */
  cut: Record<string, number>;
  /** Connections refused: the server had stopped listening, nothing was sent. */
  refused: number;
}

/**
 * A client that follows HTTP to the letter, as a browser or a proxy does:
 * keep-alive connections, never reused after `Connection: close`, and a 503
 * is retried only after its Retry-After. It tells
 * apart a request cut mid-flight from one the server never accepted, which
 * is what a shutdown must get right. (autocannon sends its next request on a
 * connection the server is closing, so its errors there say nothing about the server.)
 */
export function startStrictClients(session: Session, ledger: Ledger, workers: number): { figures: ClientFigures; stop(): Promise<ClientFigures> } {
  const figures: ClientFigures = { requests: 0, responses: {}, closingResponses: 0, cut: {}, refused: 0 };
  const agent = new http.Agent({ keepAlive: true, maxSockets: workers });
  const url = new URL(session.base);
  let stopped = false;

  /** Resolves after `ms`, or sooner once stopped. */
  const pause = async (ms: number) => {
    const until = Date.now() + ms;
    while (!stopped && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
  };

  /** Resolves with the seconds the server asked to wait, if it did. */
  const once = (write: boolean): Promise<number> =>
    new Promise((resolve) => {
      const episode = write ? newEpisodeBody(ledger, session.clientId) : undefined;
      figures.requests += 1;
      const request = http.request(
        {
          host: url.hostname,
          port: url.port,
          agent,
          method: write ? "POST" : "GET",
          path: write ? EPISODE_PATH : CASELOAD_PATH,
          headers: { cookie: session.cookie, "content-type": "application/json" },
          timeout: 10_000,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", (error) => {
            count(figures.cut, `body ${errorKind(error)}`);
            resolve(0);
          });
          response.on("end", () => {
            if (!response.complete) {
              count(figures.cut, "incomplete body");
            } else {
              const status = response.statusCode ?? 0;
              count(figures.responses, String(status));
              if (response.headers.connection === "close") figures.closingResponses += 1;
              if (status === 200 && episode) {
                const id = acknowledgedId(ledger, Buffer.concat(chunks).toString("utf8"));
                if (id) ledger.acknowledged.add(id);
              }
              if (status === 503) {
                resolve(Number(response.headers["retry-after"] ?? 0));
                return;
              }
            }
            resolve(0);
          });
        },
      );
      request.on("timeout", () => request.destroy(new Error("timed out")));
      request.on("error", (error) => {
        const kind = errorKind(error);
        if (kind === "ECONNREFUSED") figures.refused += 1;
        else count(figures.cut, `${kind} on a ${request.reusedSocket ? "reused" : "new"} connection`);
        // The server is gone or going: do not spin.
        setTimeout(() => resolve(0), 50);
      });
      request.end(episode?.body);
    });

  const loops = Array.from({ length: workers }, async (_, worker) => {
    for (let i = 0; !stopped; i++) await pause((await once((i + worker) % 2 === 1)) * 1000);
  });
  return {
    figures,
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
      agent.destroy();
      return figures;
    },
  };
}

/** Sends one request and reads the whole answer. */
export async function send(
  session: Pick<Session, "base" | "cookie">,
  method: "GET" | "POST",
  path: string,
  body?: string,
): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(`${session.base}${path}`, {
    method,
    headers: { cookie: session.cookie, "content-type": "application/json" },
    ...(body === undefined ? {} : { body }),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

export { CASELOAD_PATH, EPISODE_PATH };

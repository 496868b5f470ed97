import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createDrainableServer, listen, type DrainableServer } from "./graceful-shutdown.js";

// What a client sees of a shutdown: the request it had sent finishes, the
// next one on a kept-alive connection gets a clean 503 that closes the
// connection, and the drain reports whether it stayed within its bound.

let agent: http.Agent;
afterEach(() => agent.destroy());

/** Answers "done" after `delayMs`; /slow waits `slowMs` instead. */
async function serving(delayMs: number, slowMs = delayMs): Promise<{ drainable: DrainableServer; port: number }> {
  const drainable = createDrainableServer((req, res) => {
    setTimeout(() => res.end("done"), req.url === "/slow" ? slowMs : delayMs);
  });
  await listen(drainable.server, 0);
  agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return { drainable, port: (drainable.server.address() as AddressInfo).port };
}

interface Answer {
  status: number;
  connection: string | undefined;
  retryAfter: string | undefined;
  body: string;
}

function get(port: number, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path, agent }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            connection: res.headers.connection,
            retryAfter: res.headers["retry-after"],
            body,
          }),
        );
      })
      .on("error", reject);
  });
}

describe("createDrainableServer: drain", () => {
  it("lets the request in flight finish and answers the next one on the kept-alive connection with 503 and Connection: close", async () => {
    const { drainable, port } = await serving(200);
    expect((await get(port, "/warm")).status).toBe(200); // the connection is now kept alive and idle
    const inFlight = get(port, "/first");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const drained = drainable.drain(5_000);
    const later = get(port, "/trpc/caseload.list");

    expect(await inFlight).toMatchObject({ status: 200, body: "done" });
    const refused = await later;
    expect(refused).toMatchObject({ status: 503, connection: "close", retryAfter: "5" });
    expect(JSON.parse(refused.body)).toMatchObject({ error: { data: { code: "SERVICE_UNAVAILABLE", httpStatus: 503 } } });
    expect(await drained).toBe(true);
    expect(drainable.server.listening).toBe(false);
  });

  it("still says alive and not ready while draining", async () => {
    const { drainable, port } = await serving(300);
    const inFlight = get(port, "/first");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const drained = drainable.drain(5_000);
    const other = new http.Agent({ keepAlive: false });
    try {
      const [healthz, readyz] = await Promise.all(
        ["/healthz", "/readyz"].map(
          (path) =>
            new Promise<number>((resolve, reject) => {
              http.get({ host: "127.0.0.1", port, path, agent: other }, (res) => {
                res.resume();
                resolve(res.statusCode ?? 0);
              }).on("error", reject);
            }),
        ),
      );
      expect({ healthz, readyz }).toEqual({ healthz: 200, readyz: 503 });
    } finally {
      other.destroy();
    }
    await inFlight;
    expect(await drained).toBe(true);
  });

  it("reports a request that outlasts the bound, and cuts it", async () => {
    const { drainable, port } = await serving(10, 5_000);
    const slow = get(port, "/slow").then(
      () => "answered",
      () => "cut",
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await drainable.drain(300)).toBe(false);
    expect(await slow).toBe("cut");
  });
});

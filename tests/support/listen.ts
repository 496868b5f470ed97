import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** Serves `app` on a free loopback port; `base` is its URL. */
export async function listen(app: { listen(port: number): Server }): Promise<{ server: Server; base: string }> {
  const server = app.listen(0);
  await new Promise((resolve) => server.once("listening", resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

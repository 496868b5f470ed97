import { queryPath } from "./endpoints.js";

/** GET one tRPC query over HTTP and return its data (tRPC v11, no transformer: `{ result: { data } }`). */
export async function queryOverHttp<T>(baseUrl: string, cookie: string, procedure: string, input?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${queryPath(procedure, input)}`, { headers: { cookie } });
  if (!response.ok) throw new Error(`${procedure} answered ${response.status}`);
  const body = (await response.json()) as { result?: { data?: T } };
  if (body.result?.data === undefined) throw new Error(`${procedure} answered no data`);
  return body.result.data;
}

/** The first client on the caseload the cookie's user sees by default. */
export async function firstClientId(baseUrl: string, cookie: string): Promise<string> {
  const caseload = await queryOverHttp<{ rows: { clientId: string }[] }>(baseUrl, cookie, "caseload.list");
  const clientId = caseload.rows[0]?.clientId;
  if (!clientId) throw new Error("the consultant's caseload is empty");
  return clientId;
}

import { expect, type APIRequestContext } from "@playwright/test";

// The API over plain HTTP as an outside script calls it (CONTRACT.md), with
// the session cookie of the page's browser context: for test setup and for
// checking what the screen shows against what the server says.

/** A tRPC query: GET with the input in the query string. */
export async function apiQuery<T>(request: APIRequestContext, procedure: string, input?: unknown): Promise<T> {
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await request.get(`/trpc/${procedure}${query}`);
  expect(response.ok(), `${procedure} answered ${response.status()}`).toBe(true);
  const body = (await response.json()) as { result: { data: T } };
  return body.result.data;
}

/** A tRPC mutation: POST with the input as the JSON body. */
export async function apiMutation<T>(request: APIRequestContext, procedure: string, input: unknown): Promise<T> {
  const response = await request.post(`/trpc/${procedure}`, { data: input });
  expect(response.ok(), `${procedure} answered ${response.status()}: ${await response.text()}`).toBe(true);
  const body = (await response.json()) as { result: { data: T } };
  return body.result.data;
}

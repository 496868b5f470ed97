import { SESSION_COOKIE } from "@wave/server/testing";

/**
 * Signs in through auth.login over HTTP as the browser does: a JSON POST
 * from the app's own origin (the server refuses cross-site posts,
 * server/src/http/same-origin.ts). Returns the Cookie header later requests send.
 */
export async function signInOverHttp(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`auth.login as ${email} answered ${response.status}: ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(";")[0] ?? "")
    .find((pair) => pair.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error(`auth.login as ${email} set no ${SESSION_COOKIE} cookie`);
  return cookie;
}

/** The session token inside a Cookie header made by signInOverHttp. */
export function tokenOf(cookie: string): string {
  return cookie.slice(cookie.indexOf("=") + 1);
}

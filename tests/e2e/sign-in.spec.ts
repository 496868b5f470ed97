import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

const DEMO_PASSWORD = "demo-password";
const PAGE_SIZE = 25;
const SELF_HARM_BADGE = "Self-harm: same-day follow-up";
const SCREENSHOTS = path.join(import.meta.dirname, "..", "artifacts", "screenshots");

interface CaseloadRowJson {
  clientId: string;
  displayName: string;
  consultantName: string;
  flags: string[];
}

interface MeJson {
  name: string;
  role: "consultant" | "lead";
  practiceName: string;
}

/** A tRPC query over plain HTTP, with the browser's session cookie. */
async function apiQuery<T>(request: APIRequestContext, procedure: string, input?: unknown): Promise<T> {
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await request.get(`/trpc/${procedure}${query}`);
  expect(response.ok(), `${procedure} answered ${response.status()}`).toBe(true);
  const body = (await response.json()) as { result: { data: T } };
  return body.result.data;
}

async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

function caseloadRows(page: Page) {
  return page.getByTestId("caseload-row");
}

/** Client names per page, checked against the API's order, walking every page with Next. */
async function walkAllPages(page: Page, expected: CaseloadRowJson[], collect: (page: Page) => Promise<string[]>): Promise<string[]> {
  const pageCount = Math.max(1, Math.ceil(expected.length / PAGE_SIZE));
  const seen: string[] = [];
  for (let pageNumber = 1; pageNumber <= pageCount; pageNumber++) {
    await expect(page.getByText(`Page ${pageNumber} of ${pageCount}`, { exact: true })).toBeVisible();
    const slice = expected.slice((pageNumber - 1) * PAGE_SIZE, pageNumber * PAGE_SIZE);
    await expect(caseloadRows(page).locator(".client-link")).toHaveText(slice.map((row) => row.displayName));
    seen.push(...(await collect(page)));
    const next = page.getByRole("navigation", { name: "Caseload pages" }).getByRole("button", { name: "Next" });
    if (pageNumber < pageCount) await next.click();
    else await expect(next).toBeDisabled();
  }
  return seen;
}

test.beforeAll(() => {
  mkdirSync(SCREENSHOTS, { recursive: true });
});

test("a consultant signs in, sees exactly her caseload, and signs out", async ({ page }) => {
  await signIn(page, "emily@bewellbaby.test");
  await expect(page).toHaveURL(/\/caseload$/);
  await expect(page.getByRole("heading", { level: 1, name: "Caseload" })).toBeVisible();

  const me = await apiQuery<MeJson>(page.request, "auth.me");
  expect(me.role).toBe("consultant");
  const header = page.getByRole("banner");
  await expect(header).toContainText(me.name);
  await expect(header).toContainText("Be Well Baby");
  await expect(header).toContainText("Consultant");

  const api = await apiQuery<{ rows: CaseloadRowJson[]; total: number }>(page.request, "caseload.list", { pageSize: 200 });
  expect(api.total).toBeGreaterThan(0);
  expect(api.rows).toHaveLength(api.total);
  expect(new Set(api.rows.map((row) => row.consultantName))).toEqual(new Set([me.name]));

  // Page 1: the API's first 25, in the same "needs attention" order.
  await expect(page.getByText(`${api.total} clients`, { exact: true })).toBeVisible();
  await expect(caseloadRows(page)).toHaveCount(Math.min(PAGE_SIZE, api.total));
  await expect(caseloadRows(page).locator(".client-link")).toHaveText(
    api.rows.slice(0, PAGE_SIZE).map((row) => row.displayName),
  );
  await expect(page.getByRole("columnheader", { name: "Consultant", exact: true })).toHaveCount(0);
  await expect(page.getByRole("columnheader", { name: "Client", exact: true })).toHaveAttribute("aria-sort", "none");

  // Each demo consultant has an urgent client, and urgency sorts first.
  const firstRow = caseloadRows(page).first();
  await expect(firstRow).toContainText(SELF_HARM_BADGE);
  expect(api.rows[0]?.flags).toContain("self_harm");
  await page.screenshot({ path: path.join(SCREENSHOTS, "caseload.png"), fullPage: true });

  // Every page together is exactly the stated total: her clients, nobody else's.
  const shown = await walkAllPages(page, api.rows, (current) => caseloadRows(current).locator(".client-link").allTextContents());
  expect(shown).toHaveLength(api.total);
  expect(shown).toEqual(api.rows.map((row) => row.displayName));

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();

  // The session is gone server-side: the caseload sends her back to sign-in.
  await page.goto("/caseload");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByLabel("Email")).toBeVisible();
  const afterSignOut = await page.request.get("/trpc/auth.me");
  expect(afterSignOut.status()).toBe(401);
});

test("a wrong password is refused with a message that says so", async ({ page }) => {
  await signIn(page, "emily@bewellbaby.test", "not-the-password");
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("do not match");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await page.screenshot({ path: path.join(SCREENSHOTS, "sign-in-error.png"), fullPage: true });
});

test("a lead sees the Consultant column and both consultants' clients", async ({ page }) => {
  await signIn(page, "lead@bewellbaby.test");
  await expect(page).toHaveURL(/\/caseload$/);
  const me = await apiQuery<MeJson>(page.request, "auth.me");
  expect(me.role).toBe("lead");
  await expect(page.getByRole("banner")).toContainText(me.name);
  await expect(page.getByRole("banner")).toContainText("Practice lead");
  await expect(page.getByRole("columnheader", { name: "Consultant", exact: true })).toBeVisible();

  const api = await apiQuery<{ rows: CaseloadRowJson[]; total: number }>(page.request, "caseload.list", { pageSize: 200 });
  await expect(page.getByText(`${api.total} clients`, { exact: true })).toBeVisible();

  const consultantColumn = async (current: Page) => {
    const headers = await current.getByRole("columnheader").allTextContents();
    const index = headers.findIndex((text) => text.trim() === "Consultant");
    return caseloadRows(current).locator(`> :nth-child(${index + 1})`).allTextContents();
  };
  const consultants = new Set(await walkAllPages(page, api.rows, consultantColumn));
  expect(consultants).toEqual(new Set(api.rows.map((row) => row.consultantName)));
  expect([...consultants].some((name) => /^Emily\b/.test(name))).toBe(true);
  expect([...consultants].some((name) => /^Sam\b/.test(name))).toBe(true);
});

test("sorting and searching the caseload live in the address bar", async ({ page }) => {
  await signIn(page, "emily@bewellbaby.test");
  await expect(caseloadRows(page).first()).toBeVisible();
  const byName = await apiQuery<{ rows: CaseloadRowJson[]; total: number }>(page.request, "caseload.list", {
    sort: { field: "displayName", desc: false },
    pageSize: PAGE_SIZE,
  });

  await page.getByRole("button", { name: "Client", exact: true }).click();
  await expect(page).toHaveURL(/[?&]sort=displayName(&|$)/);
  const clientHeader = page.getByRole("columnheader", { name: "Client", exact: true });
  await expect(clientHeader).toHaveAttribute("aria-sort", "ascending");
  await expect(caseloadRows(page).locator(".client-link")).toHaveText(byName.rows.map((row) => row.displayName));

  // A reload (or a shared link) shows the same view.
  await page.reload();
  await expect(clientHeader).toHaveAttribute("aria-sort", "ascending");
  await expect(caseloadRows(page).locator(".client-link")).toHaveText(byName.rows.map((row) => row.displayName));

  const search = page.getByLabel("Search clients by name");
  await search.fill("no such client anywhere");
  await expect(page.getByText("No clients match", { exact: false })).toBeVisible();
  await expect(page).toHaveURL(/[?&]q=no\+such\+client\+anywhere/);
  await page.getByRole("button", { name: "Clear search" }).click();
  await expect(search).toHaveValue("");
  await expect(page.getByText(`${byName.total} clients`, { exact: true })).toBeVisible();

  // Searching narrows to the names that contain the text, still in the chosen order.
  const target = (byName.rows[0]?.displayName ?? "").split(" ")[0] ?? "";
  const matching = await apiQuery<{ rows: CaseloadRowJson[]; total: number }>(page.request, "caseload.list", {
    search: target,
    sort: { field: "displayName", desc: false },
    pageSize: PAGE_SIZE,
  });
  expect(matching.total).toBeGreaterThan(0);
  expect(matching.total).toBeLessThan(byName.total);
  await search.fill(target);
  await expect(page.getByText(`${matching.total} ${matching.total === 1 ? "client" : "clients"}`, { exact: true })).toBeVisible();
  await expect(caseloadRows(page).locator(".client-link")).toHaveText(matching.rows.map((row) => row.displayName));
  for (const row of matching.rows) expect(row.displayName.toLowerCase()).toContain(target.toLowerCase());
});

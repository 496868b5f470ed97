import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { apiOf, expect, signInThroughForm as signIn, test, type RouterOutputs } from "./fixtures";

// The one spec that signs in through the form: every other one sets the session cookie (fixtures.ts).
const PAGE_SIZE = 25;
const SELF_HARM_BADGE = "Self-harm: same-day follow-up";
const SCREENSHOTS = path.join(import.meta.dirname, "..", "artifacts", "screenshots");

type CaseloadRow = RouterOutputs["caseload"]["list"]["rows"][number];

function caseloadRows(page: Page) {
  return page.getByTestId("caseload-row");
}

/** The page's sorted rows, below the pinned block of clients with an open safety alert. */
function sortedRows(page: Page) {
  return page.locator('[data-testid="caseload-row"]:not([data-pinned])');
}

/** What a caseload page shows: the pinned clients, then the page's rows without them (each client once). */
function shownOnPage(pinned: readonly CaseloadRow[], rows: readonly CaseloadRow[]): string[] {
  const pinnedIds = new Set(pinned.map((row) => row.clientId));
  return [...pinned, ...rows.filter((row) => !pinnedIds.has(row.clientId))].map((row) => row.displayName);
}

/**
 * Client names per page, checked against the API's order, walking every page
 * with Next: the pinned clients on every page, then that page's slice without them.
 */
async function walkAllPages(
  page: Page,
  expected: CaseloadRow[],
  pinned: CaseloadRow[],
  collect: (page: Page) => Promise<string[]>,
): Promise<string[]> {
  const pageCount = Math.max(1, Math.ceil(expected.length / PAGE_SIZE));
  const seen: string[] = [];
  for (let pageNumber = 1; pageNumber <= pageCount; pageNumber++) {
    await expect(page.getByText(`Page ${pageNumber} of ${pageCount}`, { exact: true })).toBeVisible();
    const slice = expected.slice((pageNumber - 1) * PAGE_SIZE, pageNumber * PAGE_SIZE);
    await expect(caseloadRows(page).locator(".client-link")).toHaveText(shownOnPage(pinned, slice));
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

test("a consultant signs in, sees exactly her caseload, and signs out", async ({ page, practice }) => {
  await signIn(page, practice.emily.email);
  await expect(page).toHaveURL(/\/caseload$/);
  await expect(page.getByRole("heading", { level: 1, name: "Caseload" })).toBeVisible();

  const api = apiOf(page);
  const me = await api.auth.me.query();
  expect(me.role).toBe("consultant");
  const header = page.getByRole("banner");
  await expect(header).toContainText(me.name);
  await expect(header).toContainText(practice.name);
  await expect(header).toContainText("Consultant");

  const caseload = await api.caseload.list.query({ pageSize: 200 });
  expect(caseload.total).toBeGreaterThan(0);
  expect(caseload.rows).toHaveLength(caseload.total);
  expect(new Set(caseload.rows.map((row) => row.consultantName))).toEqual(new Set([me.name]));

  // Page 1: the API's first 25, in the same "needs attention" order (the urgent client pinned first, listed once).
  await expect(page.getByText(`${caseload.total} clients`, { exact: true })).toBeVisible();
  const firstPage = shownOnPage(caseload.pinned, caseload.rows.slice(0, PAGE_SIZE));
  await expect(caseloadRows(page)).toHaveCount(firstPage.length);
  await expect(caseloadRows(page).locator(".client-link")).toHaveText(firstPage);
  await expect(page.getByRole("columnheader", { name: "Consultant", exact: true })).toHaveCount(0);
  await expect(page.getByRole("columnheader", { name: "Client", exact: true })).toHaveAttribute("aria-sort", "none");

  // Each consultant with a caseload this size has an urgent client, and urgency sorts first.
  const firstRow = caseloadRows(page).first();
  await expect(firstRow).toContainText(SELF_HARM_BADGE);
  await expect(firstRow).toHaveAttribute("data-pinned", "true");
  expect(caseload.rows[0]?.flags).toContain("self_harm");
  expect(caseload.pinned[0]?.clientId).toBe(caseload.rows[0]?.clientId);
  await page.screenshot({ path: path.join(SCREENSHOTS, "caseload.png"), fullPage: true });

  // Every page together (the pinned block once, the sorted rows of each page) is exactly the stated total: her clients, nobody else's.
  const shown = await walkAllPages(page, caseload.rows, caseload.pinned, (current) => sortedRows(current).locator(".client-link").allTextContents());
  expect(caseload.pinned.length + shown.length).toBe(caseload.total);
  expect(shownOnPage(caseload.pinned, caseload.rows)).toEqual([...caseload.pinned.map((row) => row.displayName), ...shown]);

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

test("a wrong password is refused with a message that says so", async ({ page, practice }) => {
  await signIn(page, practice.emily.email, "not-the-password");
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("do not match");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await page.screenshot({ path: path.join(SCREENSHOTS, "sign-in-error.png"), fullPage: true });
});

test("a lead sees the Consultant column and both consultants' clients", async ({ page, practice }) => {
  await signIn(page, practice.lead.email);
  await expect(page).toHaveURL(/\/caseload$/);
  const me = await apiOf(page).auth.me.query();
  expect(me.role).toBe("lead");
  await expect(page.getByRole("banner")).toContainText(me.name);
  await expect(page.getByRole("banner")).toContainText("Practice lead");
  await expect(page.getByRole("columnheader", { name: "Consultant", exact: true })).toBeVisible();

  const api = await apiOf(page).caseload.list.query({ pageSize: 200 });
  await expect(page.getByText(`${api.total} clients`, { exact: true })).toBeVisible();

  const consultantColumn = async (current: Page) => {
    const headers = await current.getByRole("columnheader").allTextContents();
    const index = headers.findIndex((text) => text.trim() === "Consultant");
    return caseloadRows(current).locator(`> :nth-child(${index + 1})`).allTextContents();
  };
  const consultants = new Set(await walkAllPages(page, api.rows, api.pinned, consultantColumn));
  expect(consultants).toEqual(new Set(api.rows.map((row) => row.consultantName)));
  expect([...consultants].some((name) => /^Emily\b/.test(name))).toBe(true);
  expect([...consultants].some((name) => /^Sam\b/.test(name))).toBe(true);
});

test("sorting and searching the caseload live in the address bar", async ({ page, practice }) => {
  await signIn(page, practice.emily.email);
  await expect(caseloadRows(page).first()).toBeVisible();
  const byName = await apiOf(page).caseload.list.query({
    sort: { field: "displayName", desc: false },
    pageSize: PAGE_SIZE,
  });

  await page.getByRole("button", { name: "Client", exact: true }).click();
  await expect(page).toHaveURL(/[?&]sort=displayName(&|$)/);
  const clientHeader = page.getByRole("columnheader", { name: "Client", exact: true });
  await expect(clientHeader).toHaveAttribute("aria-sort", "ascending");
  await expect(caseloadRows(page).locator(".client-link")).toHaveText(shownOnPage(byName.pinned, byName.rows));

  // A reload (or a shared link) shows the same view.
  await page.reload();
  await expect(clientHeader).toHaveAttribute("aria-sort", "ascending");
  await expect(caseloadRows(page).locator(".client-link")).toHaveText(shownOnPage(byName.pinned, byName.rows));

  const search = page.getByLabel("Search clients by name");
  await search.fill("no such client anywhere");
  await expect(page.getByText("No clients match", { exact: false })).toBeVisible();
  await expect(page).toHaveURL(/[?&]q=no\+such\+client\+anywhere/);
  await page.getByRole("button", { name: "Clear search" }).click();
  await expect(search).toHaveValue("");
  await expect(page.getByText(`${byName.total} clients`, { exact: true })).toBeVisible();

  // Searching narrows to the names that contain the text, still in the chosen order.
  const target = (byName.rows[0]?.displayName ?? "").split(" ")[0] ?? "";
  const matching = await apiOf(page).caseload.list.query({
    search: target,
    sort: { field: "displayName", desc: false },
    pageSize: PAGE_SIZE,
  });
  expect(matching.total).toBeGreaterThan(0);
  expect(matching.total).toBeLessThan(byName.total);
  await search.fill(target);
  await expect(page.getByText(`${matching.total} ${matching.total === 1 ? "client" : "clients"}`, { exact: true })).toBeVisible();
  // The urgent client stays pinned above the search results, whether or not the name matches.
  await expect(caseloadRows(page).locator(".client-link")).toHaveText(shownOnPage(matching.pinned, matching.rows));
  for (const row of matching.rows) expect(row.displayName.toLowerCase()).toContain(target.toLowerCase());
});

test("a user sees the browsers signed in as her and ends the other one, which is signed out", async ({ browser, practice }) => {
  // The practice is this test's own, so her only sessions are these two.
  const email = practice.emily.email;
  const deviceA = await browser.newContext();
  const deviceB = await browser.newContext();
  try {
    const pageA = await deviceA.newPage();
    const pageB = await deviceB.newPage();
    await signIn(pageA, email);
    await expect(pageA).toHaveURL(/\/caseload$/);
    await signIn(pageB, email);
    await expect(pageB).toHaveURL(/\/caseload$/);
    const sessionOfB = (await apiOf(pageB).auth.sessions.query()).rows.find((row) => row.current)?.sessionId ?? "";

    await pageA.getByRole("banner").getByRole("link", { name: "Your account" }).click();
    await expect(pageA).toHaveURL(/\/account$/);
    const section = pageA.getByRole("region", { name: "Signed-in sessions" });
    const rows = section.getByTestId("session-row");
    await expect(rows).toHaveCount(2);
    const rowA = rows.filter({ hasText: "This device" });
    await expect(rowA).toHaveCount(1);
    await expect(rowA).toContainText("Chrome on");
    const rowB = section.locator(`[data-session-id="${sessionOfB}"]`);
    await expect(rowB).not.toContainText("This device");
    await expect(rowB).toContainText("less than a minute ago");
    await pageA.screenshot({ path: path.join(SCREENSHOTS, "account-sessions.png"), fullPage: true });

    // From the keyboard: focus B's button and press Enter.
    const endB = rowB.getByRole("button", { name: /^End session/ });
    await endB.focus();
    await pageA.keyboard.press("Enter");
    await expect(section.getByRole("status").first()).toContainText("Ended the session of Chrome on");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("This device");

    // B finds itself signed out on its next page; A carries on.
    await pageB.goto("/caseload");
    await expect(pageB).toHaveURL(/\/sign-in$/);
    await pageA.reload();
    await expect(rows).toHaveCount(1);

    // On a phone the sessions are cards, and the button is a thumb-sized target.
    await pageA.setViewportSize({ width: 390, height: 844 });
    await expect(section.locator("li[data-testid=session-row]")).toHaveCount(1);
    const endA = section.getByRole("button", { name: /^End session/ });
    expect((await endA.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);

    // Ending this device's own session signs out here.
    await endA.click();
    await expect(pageA).toHaveURL(/\/sign-in$/);
    expect((await pageA.request.get("/trpc/auth.me")).status()).toBe(401);
  } finally {
    await deviceA.close();
    await deviceB.close();
  }
});

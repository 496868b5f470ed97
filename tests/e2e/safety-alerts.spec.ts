import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext, Browser, Locator, Page } from "@playwright/test";
import { isoDateDaysAgo } from "@wave/server/testing";
import { flagLabels } from "../../client/src/lib/labels";
import { apiOf, expect, test, type Login, type RouterInputs, type RouterOutputs, type StaffMember } from "./fixtures";
import { expectAccessible, pageWidths, textLines } from "./page-checks";

// Issue 7's promise in the browser: an open safety alert is pinned first on
// every caseload view, announced by a banner on every page, listed on
// /alerts, counted on the lead's tile, and reaches other users' open screens
// within 5 seconds. Each test has a practice of its own; the alerts it
// raises are on clients sam creates for it, and each is resolved again.

const PAGE_SIZE = 25;
const LIVE_BOUND_MS = 5_000;
const LIVE_SAMPLES = 10;
const ARTIFACTS = path.join(import.meta.dirname, "..", "artifacts");
const SCREENSHOTS = path.join(ARTIFACTS, "screenshots");
const SELF_HARM_BADGE = "Self-harm: same-day follow-up";
/** EPDS answers (option indices) whose only score is item 10 "Sometimes" (2 of 3): total 2, an alert by item 10 alone. */
const EPDS_ITEM_10_SOMETIMES = [0, 0, 3, 0, 3, 3, 3, 3, 3, 1];


type Caseload = RouterOutputs["caseload"]["list"];
type CaseloadInput = RouterInputs["caseload"]["list"];
type OpenAlert = RouterOutputs["alerts"]["list"]["rows"][number];

/**
 * The little of the browser's DOM the page functions below use. The tests
 * compile without the DOM library (they run in Node); these functions run in
 * the page, where `globalThis` is the window.
 */
interface PageGlobals {
  innerWidth: number;
  waveE2e?: boolean;
  document: {
    documentElement: { scrollWidth: number };
    querySelector(selector: string): { textContent: string | null } | null;
    querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }>;
  };
}

/** The signed-in user's caseload, open and loaded. */
async function openCaseload(page: Page): Promise<void> {
  await page.goto("/caseload");
  await expect(page.getByTestId("caseload-row").first()).toBeVisible();
}

/** A signed-in user in a browser context of their own (their own cookies, their own live connection). */
async function openSession(browser: Browser, login: Login, user: StaffMember, viewport = { width: 1440, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  await login(context, user);
  const page = await context.newPage();
  await openCaseload(page);
  return page;
}

function pinnedRows(page: Page): Locator {
  return page.locator('[data-testid="caseload-row"][data-pinned]');
}

function sortedRows(page: Page): Locator {
  return page.locator('[data-testid="caseload-row"]:not([data-pinned])');
}

function banner(page: Page): Locator {
  return page.getByTestId("alert-banner");
}

function needFollowUp(count: number): string {
  return `${count} ${count === 1 ? "client needs" : "clients need"} same-day follow-up`;
}

function distinctClients(alerts: readonly OpenAlert[]): number {
  return new Set(alerts.map((alert) => alert.clientId)).size;
}

async function openAlerts(request: APIRequestContext): Promise<OpenAlert[]> {
  return (await apiOf(request).alerts.list.query({ status: "open" })).rows;
}

/** The page's urgent clients first, then the API's page minus them, as the caseload must show them. */
async function expectCaseloadView(page: Page, pinnedNames: readonly string[], input: CaseloadInput): Promise<Caseload> {
  const api = await apiOf(page).caseload.list.query({ pageSize: PAGE_SIZE, ...input });
  expect(api.pinned.map((row) => row.displayName)).toEqual(pinnedNames);
  const pinnedIds = new Set(api.pinned.map((row) => row.clientId));
  await expect(page.getByTestId("caseload-row").first()).toHaveAttribute("data-pinned", "true");
  await expect(pinnedRows(page).locator(".client-link")).toHaveText([...pinnedNames]);
  // Listed once: a pinned client that matches the view is not repeated in the sorted rows.
  await expect(sortedRows(page).locator(".client-link")).toHaveText(
    api.rows.filter((row) => !pinnedIds.has(row.clientId)).map((row) => row.displayName),
  );
  return api;
}

async function createClient(request: APIRequestContext, label: string) {
  return apiOf(request).clients.create.mutate({
    id: randomUUID(),
    displayName: `E2E ${label} ${Date.now().toString(36)}`,
    babyBirthDate: isoDateDaysAgo(60),
    feedingMethod: "nursing",
    consideringWeaning: false,
  });
}

async function recordUrgentEpds(request: APIRequestContext, clientId: string): Promise<void> {
  await apiOf(request).screenings.createEpds.mutate({
    id: randomUUID(),
    clientId,
    takenAt: new Date().toISOString(),
    answers: EPDS_ITEM_10_SOMETIMES,
  });
}

/** A follow-up that reached the client: the only thing that resolves an alert. */
async function followUpReached(request: APIRequestContext, clientId: string): Promise<void> {
  await apiOf(request).followUps.complete.mutate({
    id: randomUUID(),
    clientId,
    outcome: "reached",
    contact: "phone",
    notes: "Called the same day; safe and supported (e2e).",
  });
}

test.beforeAll(() => {
  mkdirSync(SCREENSHOTS, { recursive: true });
});

test("the urgent client stays pinned first whatever the sort, filter or page", async ({ page, practice, login }) => {
  test.setTimeout(90_000);
  await login(page, practice.emily);
  await openCaseload(page);
  const first = await apiOf(page).caseload.list.query({});
  const urgent = first.pinned[0];
  expect(urgent, "each consultant has an urgent client").toBeDefined();
  if (!urgent) return;
  expect(urgent.flags[0]).toBe("self_harm");
  const pinnedNames = first.pinned.map((row) => row.displayName);

  // Why the row is red, and what raised the alert, in words.
  await expect(page.getByTestId("pinned-summary")).toContainText("Red: thoughts of self-harm reported; same-day follow-up required");
  const pinnedRow = pinnedRows(page).first();
  await expect(pinnedRow).toContainText(SELF_HARM_BADGE);
  await expect(pinnedRow.getByTestId("alert-refs")).toContainText(/Raised by (Episode|EPDS item 10|Client's own report)/);
  await expect(pinnedRow.getByTestId("alert-refs")).toContainText(/Not yet acknowledged|Acknowledged by /);
  await expectCaseloadView(page, pinnedNames, {});

  // By name, ascending and descending.
  await page.getByRole("button", { name: "Client", exact: true }).click();
  await expect(page).toHaveURL(/[?&]sort=displayName(&|$)/);
  await expect(page.getByRole("columnheader", { name: "Client", exact: true })).toHaveAttribute("aria-sort", "ascending");
  await expectCaseloadView(page, pinnedNames, { sort: { field: "displayName", desc: false } });
  await page.screenshot({ path: path.join(SCREENSHOTS, "caseload-pinned.png") });
  await expectAccessible(page, "the caseload with its pinned block");
  await page.getByRole("button", { name: "Client", exact: true }).click();
  await expect(page.getByRole("columnheader", { name: "Client", exact: true })).toHaveAttribute("aria-sort", "descending");
  await expectCaseloadView(page, pinnedNames, { sort: { field: "displayName", desc: true } });

  // By mean intensity (highest first on the first click).
  await page.getByRole("button", { name: "Mean intensity 30d" }).click();
  await expect(page).toHaveURL(/[?&]sort=meanIntensity30d(&|$)/);
  await expectCaseloadView(page, pinnedNames, { sort: { field: "meanIntensity30d", desc: true } });

  // A band the urgent client is not in: still pinned, and the page says the filter would have left them out.
  const otherBand = urgent.band === "mild" ? "moderate" : "mild";
  await page.getByLabel("Band").selectOption(otherBand);
  await expect(page).toHaveURL(new RegExp(`[?&]band=${otherBand}(&|$)`));
  const outside = await expectCaseloadView(page, pinnedNames, { sort: { field: "meanIntensity30d", desc: true }, filters: { band: otherBand } });
  expect(outside.pinnedOutsideFilter).toBeGreaterThan(0);
  const outsideText = `${outside.pinnedOutsideFilter} ${outside.pinnedOutsideFilter === 1 ? "client needing same-day follow-up is" : "clients needing same-day follow-up are"} not in this filter`;
  const notice = page.getByTestId("pinned-outside-filter");
  await expect(notice).toContainText(outsideText);
  await expect(notice.getByRole("link", { name: "See every open alert" })).toHaveAttribute("href", "/alerts");

  // Their own band: pinned, listed once, and no "not in this filter" notice for them.
  if (urgent.band) {
    await page.getByLabel("Band").selectOption(urgent.band);
    const inside = await expectCaseloadView(page, pinnedNames, { sort: { field: "meanIntensity30d", desc: true }, filters: { band: urgent.band } });
    if (inside.pinnedOutsideFilter === 0) await expect(notice).toHaveCount(0);
  }

  // Page 2 of the caseload sorted by name: the urgent client is still first.
  await page.getByRole("group", { name: "Filter the caseload" }).getByRole("button", { name: "Clear filters" }).click();
  await expect(page).not.toHaveURL(/[?&]band=/);
  await page.getByRole("button", { name: "Client", exact: true }).click();
  await expect(page.getByRole("columnheader", { name: "Client", exact: true })).toHaveAttribute("aria-sort", "ascending");
  const pages = page.getByRole("navigation", { name: "Caseload pages" });
  await pages.getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(/[?&]page=2(&|$)/);
  await expect(pages).toContainText("Page 2 of");
  await expectCaseloadView(page, pinnedNames, { sort: { field: "displayName", desc: false }, page: 2 });
});

test.describe("on a 390 px phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the caseload is one card per client, every flag in words, nothing wider than the screen", async ({ page, practice, login }) => {
    await login(page, practice.emily);
    await openCaseload(page);
    const api = await apiOf(page).caseload.list.query({ pageSize: PAGE_SIZE });
    const pinnedIds = new Set(api.pinned.map((row) => row.clientId));
    const shown = [...api.pinned, ...api.rows.filter((row) => !pinnedIds.has(row.clientId))];

    await expect(page.locator("table.caseload-table")).toHaveCount(0);
    const cards = page.getByTestId("caseload-row");
    await expect(cards.locator(".client-link")).toHaveText(shown.map((row) => row.displayName));
    await expect(cards.first()).toHaveAttribute("data-pinned", "true");

    // Every flag of every card as visible text: its label and its reason (no hover on a phone).
    for (const [index, row] of shown.entries()) {
      const card = cards.nth(index);
      for (const detail of row.flagDetails) {
        await expect(card.locator(".flag-text-list").getByText(flagLabels[detail.flag], { exact: true })).toBeVisible();
        await expect(card.getByText(detail.reason, { exact: false }).first()).toBeVisible();
      }
      if (row.flagDetails.length === 0) await expect(card.getByText("No flags")).toBeVisible();
    }
    await expect(cards.first().getByText(SELF_HARM_BADGE, { exact: true })).toBeVisible();

    const widths = await pageWidths(page);
    expect(widths.scroll, "no horizontal scrolling on the caseload").toBeLessThanOrEqual(widths.viewport);
    // The header's controls keep their labels whole on a narrow screen.
    expect(await textLines(page.getByRole("button", { name: "Sign out" })), "Sign out on one line").toBe(1);
    expect(await textLines(page.getByRole("link", { name: "Your account" })), "Your account on one line").toBe(1);
    await expectAccessible(page, "caseload cards on a phone");
    await page.screenshot({ path: path.join(SCREENSHOTS, "caseload-phone-header.png") });
    await page.getByTestId("pinned-summary").evaluate((element) => (element as unknown as { scrollIntoView(): void }).scrollIntoView());
    await page.screenshot({ path: path.join(SCREENSHOTS, "caseload-phone.png") });

    // Record episode, one-handed: a full-width button of at least 44 px on the card opens the form.
    const record = cards.first().getByRole("button", { name: /^Record episode/ });
    const box = await record.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
    expect(box?.width ?? 0).toBeGreaterThanOrEqual(200);
    await record.click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByRole("heading", { name: "Record an episode" })).toBeVisible();
    await expect(dialog).toContainText(shown[0]?.displayName ?? "");
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);

    // The alert list reads on a phone too.
    await banner(page).getByRole("link").click();
    await expect(page.getByRole("heading", { level: 1, name: "Safety alerts" })).toBeVisible();
    await expect(page.getByTestId("alert-item").first()).toBeVisible();
    const alertWidths = await pageWidths(page);
    expect(alertWidths.scroll, "no horizontal scrolling on the alert list").toBeLessThanOrEqual(alertWidths.viewport);
  });
});

test("the banner counts open alerts on every page, and the alert list records who acknowledged one", async ({ page, browser, practice, login }) => {
  test.setTimeout(90_000);
  const sam = await openSession(browser, login, practice.sam);
  const client = await createClient(sam.request, "Banner");
  try {
    await recordUrgentEpds(sam.request, client.clientId);
    await login(page, practice.lead);
    await openCaseload(page);
    const alerts = await openAlerts(page.request);
    const count = distinctClients(alerts);
    expect(alerts.map((alert) => alert.clientId)).toContain(client.clientId);

    // The same count, never "fewer than 5", on the caseload, a client's page and the dashboard.
    for (const where of ["/caseload", `/clients/${client.clientId}`, "/practice"]) {
      await page.goto(where);
      await expect(banner(page)).toBeVisible();
      await expect(banner(page).getByRole("link")).toHaveText(needFollowUp(count));
      await expect(banner(page).getByRole("link")).toHaveAttribute("href", "/alerts");
      await expect(page.getByTestId("alert-banner-region")).toHaveAttribute("role", "status");
    }
    await banner(page).screenshot({ path: path.join(SCREENSHOTS, "alert-banner.png") });

    // The lead's urgent tile: the real number, opening the alerts with raised time, consultant and acknowledgement.
    const overview = await apiOf(page).analytics.practiceOverview.query({
      from: isoDateDaysAgo(28),
      to: isoDateDaysAgo(0),
    });
    expect(overview.flags.self_harm).toEqual({ suppressed: false, value: count });
    const tile = page.getByTestId("kpi-urgent-flags");
    await expect(tile.locator(".kpi__value")).toHaveText(String(count));
    await expect(tile).not.toContainText("fewer than");
    await tile.getByRole("button", { name: new RegExp(`^${count}: list the open safety alerts`) }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByRole("heading", { name: "Open safety alerts" })).toBeVisible();
    await expect(dialog.getByTestId("alert-item").locator(".alert-item__client")).toHaveText(alerts.map((alert) => alert.displayName));
    const ours = dialog.getByTestId("alert-item").filter({ hasText: client.displayName });
    await expect(ours).toContainText("Sam");
    await expect(ours).toContainText("Raised by EPDS item 10 (answered 'Sometimes')");
    await expect(ours.getByTestId("alert-acknowledgement")).toContainText("Not yet acknowledged");
    await page.screenshot({ path: path.join(SCREENSHOTS, "practice-urgent-tile.png") });
    await page.keyboard.press("Escape");

    // Moving clients who have open alerts warns first (nothing is moved here).
    const staff = await apiOf(page).users.list.query();
    const samMember = staff.find((member) => member.email === practice.sam.email);
    const emilyMember = staff.find((member) => member.email === practice.emily.email);
    if (!samMember || !emilyMember) throw new Error("the practice's consultants are missing");
    const samsUrgent = distinctClients(alerts.filter((alert) => alert.consultantName === samMember.name));
    await page.goto("/admin/staff");
    await expect(banner(page).getByRole("link")).toHaveText(needFollowUp(count));
    await page.getByTestId("staff-row").filter({ hasText: practice.sam.email }).getByRole("button", { name: `Deactivate ${samMember.name}` }).click();
    const confirm = page.getByRole("dialog");
    await expect(confirm.getByTestId("alert-move-warning")).toContainText(
      `${samMember.name}'s caseload includes ${samsUrgent} ${samsUrgent === 1 ? "client" : "clients"} with an open safety alert.`,
    );
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toHaveCount(0);
    const reassign = page.getByRole("region", { name: "Reassign any client" });
    await reassign.getByLabel("Find a client").fill(client.displayName);
    await reassign.getByLabel("Client", { exact: true }).selectOption(client.clientId);
    await reassign.getByLabel("New consultant").selectOption(emilyMember.id);
    await expect(reassign.getByTestId("alert-move-warning")).toHaveText(
      `${client.displayName} has an open safety alert: ${emilyMember.name} will see it at once, on their caseload and banner.`,
    );

    // The banner leads to the alert list; acknowledging says who and when, and leaves the alert open.
    await banner(page).getByRole("link").click();
    await expect(page).toHaveURL(/\/alerts$/);
    await expect(page.getByRole("heading", { level: 1, name: "Safety alerts" })).toBeVisible();
    const openSection = page.getByRole("region", { name: /^Open/ });
    const item = openSection.getByTestId("alert-item").filter({ hasText: client.displayName });
    await expect(item.getByRole("link", { name: client.displayName })).toHaveAttribute("href", `/clients/${client.clientId}`);
    await item.getByRole("button", { name: `Acknowledge ${client.displayName}'s alert` }).click();
    await expect(item.getByTestId("alert-acknowledgement")).toContainText(/^Acknowledged by Dana Whitfield, \d{1,2} \w{3} \d{4}, \d{2}:\d{2}$/);
    await expect(page.getByRole("status").filter({ hasText: "Acknowledged by Dana Whitfield" })).toBeVisible();
    const after = (await openAlerts(page.request)).find((alert) => alert.clientId === client.clientId);
    expect(after?.acknowledgedByName).toBe("Dana Whitfield");
    expect(after?.resolvedAt).toBeNull();
    await expect(banner(page).getByRole("link")).toHaveText(needFollowUp(count));
    await page.screenshot({ path: path.join(SCREENSHOTS, "alerts-page.png"), fullPage: true });
    await expectAccessible(page, "the alert list");

    // Resolved by a follow-up that reached the client: it moves to the resolved list with its time to follow-up.
    await followUpReached(sam.request, client.clientId);
    await page.reload();
    const resolved = page.getByRole("region", { name: /^Resolved in the last 30 days/ }).getByTestId("alert-item").filter({ hasText: client.displayName });
    await expect(resolved.getByTestId("alert-time-to-follow-up")).toHaveText(/^\d+ (min|h|h \d+ min)$/);
    await expect(openSection.getByTestId("alert-item").filter({ hasText: client.displayName })).toHaveCount(0);
    if (count > 1) await expect(banner(page).getByRole("link")).toHaveText(needFollowUp(count - 1));
    else await expect(banner(page)).toHaveCount(0);
  } finally {
    const still = (await openAlerts(sam.request)).some((alert) => alert.clientId === client.clientId);
    if (still) await followUpReached(sam.request, client.clientId);
    await sam.context().close();
  }
});

interface LatencySample {
  write: number;
  clientLabel: string;
  caseloadMs: number;
  dashboardMs: number;
  /** The later of the two: when every open screen of the lead had it. */
  ms: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Resolves with the browser's clock at the moment `present` first holds on
 * the page (checked every 25 ms), so the figure excludes the test runner's
 * own round trip. Same machine, same clock as the writer's Date.now().
 */
async function seenAt(page: Page, check: { name: string; count: number; present: boolean; where: "caseload" | "dashboard" }): Promise<number> {
  const handle = await page.waitForFunction(
    ({ name, count, present, where }) => {
      const { document } = globalThis as unknown as PageGlobals;
      const bannerLink = document.querySelector('[data-testid="alert-banner"] a');
      const bannerText = count === 0 ? null : `${count} ${count === 1 ? "client needs" : "clients need"} same-day follow-up`;
      const bannerOk = bannerText === null ? bannerLink === null : bannerLink?.textContent === bannerText;
      let screenOk: boolean;
      if (where === "caseload") {
        const pinnedNames = Array.from(document.querySelectorAll('[data-testid="caseload-row"][data-pinned] .client-link'), (link) => link.textContent);
        screenOk = pinnedNames.includes(name) === present;
      } else {
        screenOk = document.querySelector('[data-testid="kpi-urgent-flags"] .kpi__value')?.textContent === String(count);
      }
      return bannerOk && screenOk ? Date.now() : false;
    },
    check,
    { polling: 25, timeout: LIVE_BOUND_MS + 5_000 },
  );
  return (await handle.jsonValue()) as number;
}

test("a consultant's EPDS reaches the lead's open caseload and dashboard within 5 seconds, without a reload", async ({ browser, practice, login }) => {
  test.setTimeout(240_000);
  const sam = await openSession(browser, login, practice.sam);
  const leadCaseload = await openSession(browser, login, practice.lead);
  const leadDashboard = await leadCaseload.context().newPage();
  await leadDashboard.goto("/practice");
  await expect(leadDashboard.getByTestId("kpi-urgent-flags")).toBeVisible();
  const clients = [await createClient(sam.request, "Live A"), await createClient(sam.request, "Live B")];
  const raised: LatencySample[] = [];
  const cleared: number[] = [];
  try {
    const baseline = distinctClients(await openAlerts(leadCaseload.request));
    // Marks survive only as long as the document: a reload would wipe them.
    for (const page of [leadCaseload, leadDashboard]) await page.evaluate(() => ((globalThis as unknown as PageGlobals).waveE2e = true));

    for (let write = 1; write <= LIVE_SAMPLES; write++) {
      const client = clients[(write - 1) % clients.length];
      if (!client) throw new Error("no client");
      const wanted = { name: client.displayName, count: baseline + 1, present: true };
      const start = Date.now();
      const [, caseloadAt, dashboardAt] = await Promise.all([
        recordUrgentEpds(sam.request, client.clientId),
        seenAt(leadCaseload, { ...wanted, where: "caseload" }),
        seenAt(leadDashboard, { ...wanted, where: "dashboard" }),
      ]);
      const sample = {
        write,
        clientLabel: client.displayName.split(" ").slice(0, 3).join(" "),
        caseloadMs: caseloadAt - start,
        dashboardMs: dashboardAt - start,
        ms: Math.max(caseloadAt, dashboardAt) - start,
      };
      raised.push(sample);
      if (write === 1) {
        await leadCaseload.screenshot({ path: path.join(SCREENSHOTS, "live-lead-caseload.png") });
      }

      // Resolve it again (a follow-up that reached the client), and wait for the lead's screens to drop it.
      const resolveStart = Date.now();
      const back = { name: client.displayName, count: baseline, present: false };
      const [, caseloadGone, dashboardGone] = await Promise.all([
        followUpReached(sam.request, client.clientId),
        seenAt(leadCaseload, { ...back, where: "caseload" }),
        seenAt(leadDashboard, { ...back, where: "dashboard" }),
      ]);
      cleared.push(Math.max(caseloadGone, dashboardGone) - resolveStart);
    }

    for (const page of [leadCaseload, leadDashboard]) {
      expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).waveE2e), "the lead's page was never reloaded").toBe(true);
    }
  } finally {
    for (const client of clients) {
      if ((await openAlerts(sam.request)).some((alert) => alert.clientId === client.clientId)) await followUpReached(sam.request, client.clientId);
    }
    const figures = raised.map((sample) => sample.ms);
    const report = {
      what: "Time from a consultant's EPDS write (item 10 > 0, API call in one browser context) to the lead's open caseload (client pinned, banner count) and practice dashboard (banner count, urgent tile) showing it in another context, without a reload.",
      boundMs: LIVE_BOUND_MS,
      measuredAt: new Date().toISOString(),
      samples: raised,
      sampleMs: figures,
      medianMs: figures.length > 0 ? median(figures) : null,
      maxMs: figures.length > 0 ? Math.max(...figures) : null,
      resolve: { sampleMs: cleared, medianMs: cleared.length > 0 ? median(cleared) : null },
    };
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, "live-update-latency.json"), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`Live update latency (ms): median ${report.medianMs}, samples ${figures.join(", ")}; resolve median ${report.resolve.medianMs}`);
    await sam.context().close();
    await leadCaseload.context().close();
  }

  expect(raised).toHaveLength(LIVE_SAMPLES);
  for (const sample of raised) expect(sample.ms, `write ${sample.write}`).toBeLessThanOrEqual(LIVE_BOUND_MS);
  for (const [index, ms] of cleared.entries()) expect(ms, `resolve ${index + 1}`).toBeLessThanOrEqual(LIVE_BOUND_MS);
});

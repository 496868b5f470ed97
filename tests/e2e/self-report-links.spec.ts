import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { isoDateDaysAgo } from "@wave/server/testing";
import { apiOf, expect, test } from "./fixtures";

// The consultant's and lead's side of self-report links (issue 10): sharing a
// link from the client review page, its QR code and printed handout, the
// list with revoke, asking for an EPDS, correcting a client's own report,
// and the practice's numbers that the client's page shows. Each test makes
// its own client (for sam) in its own practice.

const ARTIFACTS = path.join(import.meta.dirname, "..", "artifacts");
const SCREENSHOTS = path.join(ARTIFACTS, "screenshots");
const DAY_MS = 24 * 3600 * 1000;
/** `<origin>/r#<token>`: the token is 32 random bytes in base64url, in the fragment only. */
const LINK_URL = /^http:\/\/127\.0\.0\.1:\d+\/r#([A-Za-z0-9_-]{43})$/;
const SHOWN_ONCE = "Copy or print it now; for safety it is not shown again.";
const ENDED = "This link has ended: ask your consultant for a new one.";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

test.beforeAll(() => {
  mkdirSync(SCREENSHOTS, { recursive: true });
});

/** A client of sam's, made for this test alone. */
async function newClient(request: APIRequestContext, name: string): Promise<string> {
  const client = await apiOf(request).clients.create.mutate({
    id: randomUUID(),
    displayName: `E2E ${name} ${Date.now().toString(36)}`,
    babyBirthDate: isoDateDaysAgo(60),
    feedingMethod: "nursing",
    consideringWeaning: false,
  });
  return client.clientId;
}

/** "3 Dec 2026", as the page writes a date for a reader in this machine's zone (the browser's too). */
function dateWords(iso: string): string {
  const date = new Date(iso);
  return `${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()}`;
}

function sharePanel(page: Page): Locator {
  return page.getByRole("region", { name: "Share self-report link" });
}

/** Creates a link from the panel with the chosen expiry and returns its URL as the page shows it. */
async function createLink(page: Page, days: 7 | 30 | 90): Promise<string> {
  const panel = sharePanel(page);
  await panel.getByRole("radio", { name: `${days} days` }).check();
  await panel.getByRole("button", { name: "Create link" }).click();
  const url = panel.getByRole("textbox", { name: "Self-report link" });
  await expect(url).toHaveValue(LINK_URL);
  return url.inputValue();
}

function tokenOf(url: string): string {
  return LINK_URL.exec(url)?.[1] ?? "";
}

/** The link holder's view: a request with no staff cookie, as the client's phone makes it. */
async function linkStatus(page: Page, token: string): Promise<{ status: number; body: string }> {
  const context = await page.context().browser()?.newContext();
  const request = context ? context.request : page.request;
  try {
    const baseURL = new URL(page.url()).origin;
    const response = await request.get(`${baseURL}/trpc/selfReport.status?input=${encodeURIComponent(JSON.stringify({ token }))}`);
    return { status: response.status(), body: await response.text() };
  } finally {
    await context?.close();
  }
}

/** What the link holder's page is told, read as the client's phone reads it (no staff cookie). */
async function shownToLinkHolder(page: Page, token: string) {
  const context = await page.context().browser()?.newContext();
  try {
    return await apiOf(context ? context.request : page.request).selfReport.status.query({ token });
  } finally {
    await context?.close();
  }
}

/** The page's width against the screen's: equal when nothing scrolls sideways. */
async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const root = globalThis as unknown as { innerWidth: number; document: { documentElement: { scrollWidth: number } } };
    return root.document.documentElement.scrollWidth > root.innerWidth;
  });
}

/** Pages in a PDF: its page objects (`/Type /Page`), not the page tree (`/Type /Pages`). */
function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

test.describe("at a desktop, 1280 x 800", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("a consultant shares a link as a URL, a QR code and a printed handout, lists it, asks for an EPDS and revokes it", async ({
    page,
    practice,
    login,
  }) => {
    test.setTimeout(90_000);
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await login(page, practice.sam);
    const clientId = await newClient(page.request, "Share");
    await page.goto(`/clients/${clientId}`);
    const panel = sharePanel(page);
    await expect(panel.getByText("No links yet")).toBeVisible();
    await expect(panel.getByRole("radio", { name: "30 days" })).toBeChecked();

    // Create, by keyboard: 7 days, then the button.
    await panel.getByRole("radio", { name: "7 days" }).focus();
    await page.keyboard.press("Space");
    await expect(panel.getByRole("radio", { name: "7 days" })).toBeChecked();
    await page.keyboard.press("Tab");
    await expect(panel.getByRole("button", { name: "Create link" })).toBeFocused();
    const before = Date.now();
    await page.keyboard.press("Enter");
    const urlField = panel.getByRole("textbox", { name: "Self-report link" });
    await expect(urlField).toHaveValue(LINK_URL);
    // The new link takes the focus, ready to copy; the page says plainly it is shown once.
    await expect(urlField).toBeFocused();
    await expect(urlField).toHaveAttribute("readonly", "");
    const url = await urlField.inputValue();
    const token = tokenOf(url);
    await expect(panel.getByText(SHOWN_ONCE)).toBeVisible();
    const qr = panel.getByRole("img", { name: "QR code of the self-report link" });
    await expect(qr).toBeVisible();
    // Drawn on the page as SVG (sharp on paper), not fetched as an image from anywhere.
    await expect(panel.locator('svg[aria-label="QR code of the self-report link"]')).toBeVisible();
    expect((await qr.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(150);

    // Copy link puts exactly the URL on the clipboard.
    await panel.getByRole("button", { name: "Copy link" }).click();
    await expect(panel.getByRole("status").filter({ hasText: "Link copied." })).toBeVisible();
    expect(await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())).toBe(url);

    // Listed as active, by whom, with its expiry 7 days on; the server agrees.
    const links = await apiOf(page).selfReport.listLinks.query({ clientId });
    expect(links.rows).toHaveLength(1);
    const link = links.rows[0];
    expect(link).toMatchObject({ status: "active", createdByName: practice.sam.name, episodesReceived: 0, lastUsedAt: null, revokedAt: null });
    const expiresIn = Date.parse(link?.expiresAt ?? "") - before;
    expect(expiresIn).toBeGreaterThan(7 * DAY_MS - 60_000);
    expect(expiresIn).toBeLessThan(7 * DAY_MS + 60_000);
    const rows = panel.getByTestId("self-report-link");
    await expect(rows).toHaveCount(1);
    const row = rows.first();
    await expect(row).toHaveAttribute("data-status", "active");
    await expect(row.getByText("Active", { exact: true })).toBeVisible();
    await expect(row).toContainText(`by ${practice.sam.name}`);
    await expect(row).toContainText(dateWords(link?.expiresAt ?? ""));
    await expect(row).toContainText("Not used yet");
    await expect(row).toContainText("No episodes yet");
    await expect(panel.getByText(`New link, expires ${dateWords(link?.expiresAt ?? "")}`)).toBeVisible();

    // The URL is a working link: the holder's page learns the practice's name, and nothing about the client.
    const status = await linkStatus(page, token);
    expect(status.status).toBe(200);
    expect((await shownToLinkHolder(page, token)).practiceName).toBe(practice.name);
    expect(status.body).not.toContain(clientId);

    // Ask for an EPDS: the state says when, by whom, and that the page offers it once.
    await panel.getByRole("button", { name: "Ask for an EPDS" }).click();
    const epds = panel.getByTestId("self-report-epds");
    await expect(epds).toContainText("EPDS requested on");
    const requested = await apiOf(page).selfReport.listLinks.query({ clientId });
    expect(requested.epdsRequest).toMatchObject({ requestedByName: practice.sam.name });
    await expect(epds).toHaveText(
      `EPDS requested on ${dateWords(requested.epdsRequest?.requestedAt ?? "")} by ${practice.sam.name}; the client's page offers it once.`,
    );
    await expect(panel.getByRole("button", { name: "Ask for an EPDS" })).toHaveCount(0);
    expect((await shownToLinkHolder(page, token)).epdsRequested).toBe(true);

    await expect(panel.getByRole("button", { name: "Print handout" })).toBeVisible();
    await panel.screenshot({ path: path.join(SCREENSHOTS, "self-report-link-panel.png") });

    // Print handout: the browser's print is asked for; on paper only the handout shows.
    await page.evaluate(() => {
      const root = globalThis as unknown as { print: () => void; printCalls: number };
      root.printCalls = 0;
      root.print = () => {
        root.printCalls += 1;
      };
    });
    await panel.getByRole("button", { name: "Print handout" }).click();
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { printCalls: number }).printCalls)).toBe(1);
    await page.emulateMedia({ media: "print" });
    const handout = page.getByTestId("self-report-handout");
    await expect(handout).toBeVisible();
    await expect(handout).toContainText(practice.name);
    await expect(handout).toContainText(
      "When a feed brings a sudden wave of sadness, dread or anger, tap the link or scan the code and log it. This is a reflex. It's your body, not your heart.",
    );
    await expect(handout).toContainText(url);
    await expect(handout).toContainText(`The link works until ${dateWords(link?.expiresAt ?? "")}.`);
    await expect(handout.getByRole("img", { name: /QR code/ })).toBeVisible();
    // The handout names no client: a sheet left on a table reveals nothing.
    await expect(handout).not.toContainText("E2E Share");
    await expect(page.getByRole("banner")).toBeHidden();
    await expect(page.getByRole("heading", { level: 1 })).toBeHidden();
    await expect(page.locator(".client-review")).toBeHidden();
    await page.screenshot({ path: path.join(SCREENSHOTS, "self-report-handout.png"), fullPage: true });
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    writeFileSync(path.join(ARTIFACTS, "self-report-handout.pdf"), pdf);
    expect(pdfPageCount(pdf), "the handout prints on one A4 page").toBe(1);

    // Once printing ends, the page's own print is the pre-visit brief again, without the handout or the panel.
    await page.evaluate(() => (globalThis as unknown as { dispatchEvent(event: Event): boolean }).dispatchEvent(new Event("afterprint")));
    await expect(handout).toBeHidden();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(panel).toBeHidden();
    await page.emulateMedia({ media: "screen" });

    // Revoke, by keyboard, with a confirming step; "Keep the link" changes nothing.
    await row.getByRole("button", { name: /^Revoke link created/ }).click();
    await expect(row.getByText("Revoke this link?")).toBeVisible();
    await expect(row.getByRole("button", { name: "Yes, revoke" })).toBeFocused();
    await row.getByRole("button", { name: "Keep the link" }).click();
    await expect(row.getByRole("button", { name: /^Revoke link created/ })).toBeFocused();
    await expect(row).toHaveAttribute("data-status", "active");
    await page.keyboard.press("Enter");
    await expect(row.getByRole("button", { name: "Yes, revoke" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(row).toHaveAttribute("data-status", "revoked");
    await expect(row.getByText("Revoked", { exact: true })).toBeVisible();
    await expect(row.getByRole("button", { name: /Revoke/ })).toHaveCount(0);
    await expect(row).toBeFocused();
    await expect(panel.getByRole("status").filter({ hasText: "revoked: it no longer accepts reports" })).toBeVisible();
    const revoked = await apiOf(page).selfReport.listLinks.query({ clientId });
    expect(revoked.rows[0]).toMatchObject({ status: "revoked", revokedAt: expect.any(String) });
    // Revocation holds at the next request: the holder gets the kind "ended" answer.
    const ended = await linkStatus(page, token);
    expect(ended.status).toBe(404);
    expect(ended.body).toContain(ENDED);
    // After a reload the list still says so (the row did not only change on screen).
    await page.reload();
    await expect(sharePanel(page).getByTestId("self-report-link").first()).toHaveAttribute("data-status", "revoked");
    await expect(sharePanel(page).getByRole("textbox", { name: "Self-report link" })).toHaveCount(0);
  });

  test("the client's own report shows as a self-report, and the consultant can correct it, without supplying what the client skipped", async ({
    page,
    practice,
    login,
  }) => {
    await login(page, practice.sam);
    const clientId = await newClient(page.request, "Correct");
    await page.goto(`/clients/${clientId}`);
    const url = await createLink(page, 30);
    // The client logs only what the page requires: when, how strong, and the self-harm answer.
    const episodeId = randomUUID();
    const context = await page.context().browser()?.newContext();
    const holder = context?.request ?? page.request;
    const submitted = await holder.post(`${new URL(page.url()).origin}/trpc/selfReport.submit`, {
      data: {
        token: tokenOf(url),
        episode: { id: episodeId, occurredAt: new Date(Date.now() - 3600 * 1000).toISOString(), intensity: 7, selfHarmThoughts: false },
      },
    });
    expect(submitted.ok(), await submitted.text()).toBe(true);
    await context?.close();

    await page.reload();
    const row = page.getByTestId("episode-row");
    await expect(row).toHaveCount(1);
    await expect(row.locator(".col-source")).toHaveText("Self-report");
    const link = sharePanel(page).getByTestId("self-report-link").first();
    await expect(link).toContainText("1 episode received");
    await expect(link).not.toContainText("Not used yet");

    // Correct it: the form keeps what the client gave, leaves what they skipped empty, and asks for none of it.
    await row.getByRole("button", { name: /^Edit/ }).click();
    const form = page.getByRole("dialog");
    await expect(form.getByRole("heading", { name: "Edit episode" })).toBeVisible();
    await expect(form).toContainText("Self-report by the client");
    await expect(form.getByTestId("self-reported-notice")).toContainText(
      "They left out what they felt, the context, the duration, the impact on feeding and whether it was rated after learning about DMER: leave these empty unless the client tells you.",
    );
    await expect(form.getByRole("radio", { name: "7", exact: true })).toBeChecked();
    await expect(form.getByRole("group", { name: /^Which let-down/ }).getByRole("radio", { name: "Not sure", exact: true })).toBeChecked();
    for (const skipped of [
      form.getByRole("group", { name: /^What the client felt/ }),
      form.getByRole("group", { name: /^Context/ }),
      form.getByRole("group", { name: /^Impact on feeding/ }),
      form.getByRole("group", { name: /^Rated after the client learned/ }),
    ]) {
      await expect(skipped.getByText("Not given by the client", { exact: true })).toBeVisible();
      await expect(skipped.locator("input:checked")).toHaveCount(0);
    }
    await expect(form.getByLabel("Duration (seconds)")).toHaveValue("");
    await expect(form.getByLabel("Duration (seconds)")).toHaveAccessibleDescription("Not given by the client");
    await expect(form.locator(".field__error")).toHaveCount(0);

    await form.getByRole("radio", { name: "8", exact: true }).check();
    await form.getByRole("button", { name: "Save changes" }).click();
    await expect(form).toHaveCount(0);
    await expect(row.locator(".col-intensity .intensity__value")).toHaveText("8");
    await expect(row.locator(".col-source")).toHaveText("Self-report");
    const stored = await apiOf(page).episodes.list.query({ clientId });
    // Still the client's report, with the skipped answers still skipped: nothing was made up.
    expect(stored).toEqual([
      expect.objectContaining({
        id: episodeId,
        intensity: 8,
        source: "client",
        types: [],
        context: null,
        durationSeconds: null,
        impact: null,
        ratedAfterEducation: null,
        version: 2,
      }),
    ]);
  });
});

test.describe("on a 390 px phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the panel stacks, nothing scrolls sideways, and its buttons are big enough to tap", async ({ page, practice, login }) => {
    await login(page, practice.sam);
    const clientId = await newClient(page.request, "Phone");
    await page.goto(`/clients/${clientId}`);
    const panel = sharePanel(page);
    await panel.scrollIntoViewIfNeeded();
    await createLink(page, 90);
    await expect(panel.getByRole("img", { name: "QR code of the self-report link" })).toBeVisible();
    await expect(panel.getByTestId("self-report-link")).toHaveCount(1);
    await expect(panel.getByTestId("self-report-link").first()).toHaveAttribute("data-status", "active");
    expect(await scrollsSideways(page), "no horizontal scrolling on the review page").toBe(false);
    for (const name of ["Create link", "Copy link", "Print handout", "Ask for an EPDS"]) {
      const box = await panel.getByRole("button", { name, exact: true }).boundingBox();
      expect(box?.height ?? 0, `${name} is at least 44 px tall`).toBeGreaterThanOrEqual(44);
      expect((box?.x ?? 0) + (box?.width ?? 0), `${name} fits the screen`).toBeLessThanOrEqual(390);
    }
    const results = await new AxeBuilder({ page }).include("#self-report").withTags(["wcag2a", "wcag2aa"]).analyze();
    const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
    expect(serious.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
    await panel.screenshot({ path: path.join(SCREENSHOTS, "self-report-link-phone.png") });
  });
});

test("the lead sets the practice's phone and crisis line, which the client's page then shows", async ({ page, browser, practice, login }) => {
  await login(page, practice.lead);
  const original = await apiOf(page).practices.settings.query();
  // A link to read the client's page through (made by sam, for his own new client).
  const samContext = await browser.newContext();
  const sam = await samContext.newPage();
  await login(sam, practice.sam);
  const clientId = await newClient(sam.request, "Crisis");
  const created = await apiOf(sam).selfReport.createLink.mutate({ clientId });
  const token = tokenOf(created.url);
  await samContext.close();

  try {
    await page.goto("/admin/staff");
    const details = page.getByRole("region", { name: "Practice details" });
    await expect(details).toContainText(
      "Shown on clients' self-report pages. Leave the crisis line empty to show 'your local emergency number'.",
    );
    const phone = details.getByLabel("Practice phone");
    const crisis = details.getByLabel("Crisis line");

    // A number with no digits is refused beside its field, and nothing is saved.
    await phone.fill("call the front desk");
    await crisis.fill("116 123");
    await details.getByRole("button", { name: "Save practice details" }).click();
    await expect(details.getByText("Practice phone must contain a number to call")).toBeVisible();
    await expect(phone).toHaveAttribute("aria-invalid", "true");
    await expect(phone).toBeFocused();
    await details.screenshot({ path: path.join(SCREENSHOTS, "practice-details.png") });
    expect(await apiOf(page).practices.settings.query()).toEqual(original);

    await phone.fill("020 7946 0000");
    await details.getByRole("button", { name: "Save practice details" }).click();
    await expect(details.getByRole("status")).toContainText("Saved.");
    let shown = await shownToLinkHolder(page, token);
    expect(shown).toMatchObject({ practiceName: practice.name, practicePhone: "020 7946 0000", crisisLine: "116 123" });

    // Emptying the crisis line brings back "your local emergency number" (null on the wire).
    await crisis.fill("");
    await details.getByRole("button", { name: "Save practice details" }).click();
    await expect(details.getByRole("status")).toContainText("'your local emergency number'");
    shown = await shownToLinkHolder(page, token);
    expect(shown.crisisLine).toBeNull();
    await page.reload();
    await expect(page.getByRole("region", { name: "Practice details" }).getByLabel("Practice phone")).toHaveValue("020 7946 0000");
  } finally {
    await apiOf(page).practices.updateSettings.mutate({ phone: original.phone ?? "", crisisLine: original.crisisLine ?? "" });
  }
});

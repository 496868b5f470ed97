import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Download, Locator, Page } from "@playwright/test";
import { isoDateDaysAgo } from "@wave/server/testing";
import { apiOf, expect, signInThroughForm, test, type RouterOutputs } from "./fixtures";

// The practice lead's pages, on the test's own practice.

const SCREENSHOTS = path.join(import.meta.dirname, "..", "artifacts", "screenshots");
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

type Overview = RouterOutputs["analytics"]["practiceOverview"];
type Cell = Overview["weeks"][number]["episodes"];

// The dashboard's formatting, restated so the test can fail if the page's drifts.
const count = (value: number) => value.toLocaleString("en-US");
function shown(cell: Cell, threshold: number, format: "count" | "mean" | "change" = "count"): string {
  if (cell.suppressed) return `fewer than ${threshold}`;
  if (format === "count") return count(cell.value);
  if (format === "mean") return cell.value.toFixed(2);
  return cell.value > 0 ? `+${cell.value.toFixed(2)}` : cell.value.toFixed(2);
}

/** RFC 4180 records: quoted fields may hold commas, quotes and newlines. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      record.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[index + 1] === "\n") index++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += char;
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

async function readDownload(download: Download): Promise<string[][]> {
  const file = await download.path();
  const text = readFileSync(file, "utf8");
  expect(text.startsWith("\uFEFF"), "CSV starts with a byte-order mark").toBe(true);
  return parseCsv(text.slice(1));
}

function kpi(page: Page, id: string): Locator {
  return page.getByTestId(id).locator(".kpi__value");
}

function rangeInput(from: string, to: string, consultantId?: string) {
  return { from, to, ...(consultantId ? { consultantId } : {}) };
}

/** The dashboard shows these numbers for this range: KPI tiles and the episodes table view. */
async function expectDashboardMatches(page: Page, overview: Overview): Promise<void> {
  const latest = overview.weeks.at(-1);
  if (!latest) throw new Error("the range has no weeks");
  await expect(kpi(page, "kpi-active-clients")).toHaveText(shown(latest.activeClients, overview.threshold));
  await expect(kpi(page, "kpi-urgent-flags")).toHaveText(shown(overview.flags.self_harm, overview.threshold));
  await expect(kpi(page, "kpi-overdue")).toHaveText(shown(overview.flags.follow_up_overdue, overview.threshold));
  const table = page.getByTestId("chart-episodes").locator("table");
  const rows = table.locator("tbody tr");
  await expect(rows).toHaveCount(overview.weeks.length);
  await expect(rows.locator("td")).toHaveText(overview.weeks.map((week) => shown(week.episodes, overview.threshold)));
}

test.beforeAll(() => {
  mkdirSync(SCREENSHOTS, { recursive: true });
});

test("a lead reads the practice dashboard, changes the range, drills into a number and exports the report", async ({ page, practice, login }) => {
  test.setTimeout(150_000);
  await login(page, practice.lead);
  await page.goto("/caseload");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Practice" }).click();

  // The default view is written into the address: the last quarter, for every consultant.
  await expect(page).toHaveURL(/\/practice\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&preset=quarter$/);
  await expect(page.getByRole("heading", { level: 1, name: "Practice" })).toBeVisible();
  for (const id of ["kpi-active-clients", "kpi-urgent-flags", "kpi-overdue", "kpi-intensity-trend"]) {
    await expect(page.getByTestId(id)).toBeVisible();
  }
  for (const id of ["chart-episodes", "chart-mean-intensity", "chart-bands", "chart-effectiveness", "chart-course"]) {
    await expect(page.getByTestId(id).locator("svg.recharts-surface").first()).toBeVisible();
  }
  await expect(page.getByTestId("workload-row").first()).toBeVisible();
  const quarter = new URL(page.url()).searchParams;
  await page.getByTestId("chart-episodes").getByText("Table view: the numbers in this chart").click();
  await expectDashboardMatches(
    page,
    await apiOf(page).analytics.practiceOverview.query(rangeInput(quarter.get("from") ?? "", quarter.get("to") ?? "")),
  );
  // Every chart's numbers are there as a table; the trend tile says which way, in words.
  await expect(page.getByTestId("kpi-intensity-trend")).toContainText(/(Down|Up) \d+\.\d{2}, from|Unchanged|Cannot compare|Needs/);

  // A preset: the last 4 weeks, in the address and in the numbers.
  await page.getByText("4 weeks", { exact: true }).click();
  const today = quarter.get("to") ?? "";
  const fourWeeksFrom = new Date(Date.parse(`${today}T00:00:00Z`) - 27 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  await expect(page).toHaveURL(new RegExp(`\\?from=${fourWeeksFrom}&to=${today}&preset=4w$`));
  await expectDashboardMatches(page, await apiOf(page).analytics.practiceOverview.query(rangeInput(fourWeeksFrom, today)));

  // A custom range, applied with the button.
  const from = isoDateDaysAgo(70);
  const to = isoDateDaysAgo(3);
  await page.getByLabel("From", { exact: true }).fill(from);
  await page.getByLabel("To", { exact: true }).fill(to);
  await page.getByRole("button", { name: "Apply dates" }).click();
  await expect(page).toHaveURL(new RegExp(`\\?from=${from}&to=${to}&preset=custom$`));
  const overview = await apiOf(page).analytics.practiceOverview.query(rangeInput(from, to));
  await expectDashboardMatches(page, overview);

  // Effectiveness as the dashboard shows it, against the API.
  const effectiveness = await apiOf(page).analytics.interventionEffectiveness.query(rangeInput(from, to));
  await page.getByTestId("chart-effectiveness").getByText("Table view: the numbers in this chart").click();
  const effectivenessTable = page.getByTestId("effectiveness-table");
  for (const row of effectiveness.kinds) {
    const shownRow = effectivenessTable.locator(`tr[data-kind="${row.kind}"]`);
    await expect(shownRow.getByTestId("mean-change")).toHaveText(shown(row.meanChange, effectiveness.threshold, "change"));
  }
  const education = effectiveness.kinds.find((row) => row.kind === "education");
  const educationText = await effectivenessTable.locator('tr[data-kind="education"]').innerText();
  test.info().annotations.push({ type: "effectiveness row (education), as shown", description: educationText.replace(/\s+/g, " ") });
  console.log(`Effectiveness, education, ${from} to ${to}: ${educationText.replace(/\s+/g, " ")} | API: ${JSON.stringify(education)}`);

  // Suppressed numbers read "fewer than 5" and open nothing.
  const suppressed = page.locator("td.suppressed");
  expect(await suppressed.count()).toBeGreaterThan(0);
  await expect(suppressed.first()).toHaveText(`fewer than ${overview.threshold}`);
  await expect(page.locator("td.suppressed button")).toHaveCount(0);

  await page.screenshot({ path: path.join(SCREENSHOTS, "practice-dashboard.png"), fullPage: true });

  // Drill-down from a chart: the latest week's episodes bar lists exactly the API's clients.
  const latest = overview.weeks.at(-1);
  if (!latest || latest.episodes.suppressed) throw new Error("the latest week's episodes should be shown, not suppressed");
  const expected = await apiOf(page).analytics.drillDown.query({
    cell: "overview",
    from,
    to,
    weekStart: latest.weekStart,
    measure: "episodes",
  });
  expect(expected.clients.length).toBeGreaterThan(0);
  await page.getByTestId("chart-episodes").locator(".recharts-bar-rectangle").last().click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: /^Episodes, week of / })).toBeVisible();
  await expect(dialog.getByTestId("drill-down-client").getByRole("link")).toHaveText(expected.clients.map((client) => client.displayName));
  await expect(dialog.getByTestId("drill-down-client").first().getByRole("link")).toHaveAttribute(
    "href",
    `/clients/${expected.clients[0]?.clientId ?? ""}`,
  );
  await expect(dialog.getByText(`${expected.clients.length} ${expected.clients.length === 1 ? "client" : "clients"}`)).toBeVisible();
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();

  // …and from a table cell: a consultant's active clients in the workload table.
  const workload = await apiOf(page).analytics.consultantWorkload.query();
  const consultant = workload.rows.find((row) => !row.activeClients.suppressed);
  if (!consultant) throw new Error("no consultant with enough clients to drill into");
  const byWorkload = await apiOf(page).analytics.drillDown.query({
    cell: "workload",
    consultantId: consultant.consultantId,
    measure: "activeClients",
  });
  await page
    .getByTestId("workload-row")
    .filter({ hasText: consultant.consultantName })
    .getByRole("button", { name: new RegExp(`^${shown(consultant.activeClients, workload.threshold)}: list the clients`) })
    .click();
  await expect(dialog.getByTestId("drill-down-client")).toHaveCount(byWorkload.clients.length);
  await expect(dialog.getByTestId("drill-down-client").getByRole("link")).toHaveText(byWorkload.clients.map((client) => client.displayName));
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // The practice report as CSV: header, ISO dates, the API's numbers, suppression in words.
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export practice report (CSV)" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe(`wave-practice-report-${from}-to-${to}.csv`);
  const [header, ...records] = await readDownload(download);
  expect(header).toEqual(["section", "from", "to", "consultant", "week_start", "group", "measure", "value"]);
  expect(records.length).toBeGreaterThan(overview.weeks.length * 6);
  for (const record of records) {
    expect(record).toHaveLength(8);
    expect(record[1]).toMatch(ISO_DATE);
    expect(record[2]).toMatch(ISO_DATE);
    if (record[4]) expect(record[4]).toMatch(ISO_DATE);
  }
  const csvValue = (section: string, measure: string, where: { week?: string; group?: string }) =>
    records.find(
      (record) =>
        record[0] === section &&
        record[6] === measure &&
        (where.week === undefined || record[4] === where.week) &&
        (where.group === undefined || record[5] === where.group),
    )?.[7];
  const asCsv = (cell: Cell) => (cell.suppressed ? `fewer than ${overview.threshold}` : String(cell.value));
  for (const week of overview.weeks) {
    expect(csvValue("overview", "episodes", { week: week.weekStart })).toBe(asCsv(week.episodes));
    expect(csvValue("overview", "mean_intensity", { week: week.weekStart })).toBe(asCsv(week.meanIntensity));
    expect(csvValue("overview", "clients_severe", { week: week.weekStart })).toBe(asCsv(week.clientsByBand.severe));
  }
  for (const row of effectiveness.kinds) {
    expect(csvValue("effectiveness", "mean_change", { group: row.kind })).toBe(asCsv(row.meanChange));
    expect(csvValue("effectiveness", "ci95_low", { group: row.kind })).toBe(asCsv(row.ciLow));
  }
  const suppressedInApi = effectiveness.kinds.filter((row) => row.clients.suppressed);
  expect(suppressedInApi.length, "the practice has a suppressed intervention kind").toBeGreaterThan(0);
  for (const row of suppressedInApi) expect(csvValue("effectiveness", "clients", { group: row.kind })).toBe("fewer than 5");
  expect(records.filter((record) => record[7] === "fewer than 5").length).toBeGreaterThan(0);
  expect(records.every((record) => record[7] === "fewer than 5" || /^-?\d+(\.\d+)?$/.test(record[7] ?? ""))).toBe(true);

  // The printable report: the same range, one clean document when printed.
  await page.getByRole("link", { name: "Printable report" }).click();
  await expect(page).toHaveURL(new RegExp(`/practice/report\\?from=${from}&to=${to}&preset=custom$`));
  await expect(page.getByRole("heading", { level: 1, name: /^Practice report: / })).toBeVisible();
  await expect(page.getByRole("button", { name: "Print report" })).toBeEnabled();
  await expect(page.locator(".practice-report svg.recharts-surface")).toHaveCount(5);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("banner")).toBeHidden();
  await expect(page.getByRole("button", { name: "Print report" })).toBeHidden();
  await page.screenshot({ path: path.join(SCREENSHOTS, "practice-report-print.png"), fullPage: true });
  await page.emulateMedia({ media: "screen" });
});

test("a lead adds staff, deactivates one, reassigns their client, and a new consultant must change the temporary password", async ({
  page,
  browser,
  practice,
  login,
}) => {
  test.setTimeout(150_000);
  const stamp = Date.now().toString(36);
  const nameA = `Avery Stone ${stamp}`;
  const emailA = `e2e-a-${stamp}@bewellbaby.test`;
  const nameB = `Blair North ${stamp}`;
  const emailB = `e2e-b-${stamp}@bewellbaby.test`;

  await login(page, practice.lead);
  await page.goto("/caseload");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Staff" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Staff" })).toBeVisible();

  async function addConsultant(name: string, email: string): Promise<string> {
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Role").selectOption("consultant");
    await page.getByRole("button", { name: "Add and create a temporary password" }).click();
    const panel = page.getByTestId("temporary-password-panel");
    await expect(panel).toContainText(`${name} was added as consultant`);
    await expect(panel).toContainText("This password will not be shown again.");
    await expect(panel).toContainText("must choose their own password when they first sign in");
    await expect(panel.getByRole("button", { name: "Copy password" })).toBeVisible();
    const password = (await page.getByTestId("temporary-password").innerText()).trim();
    expect(password).toMatch(/^[A-Za-z2-9]{16}$/);
    await panel.getByRole("button", { name: "Done: hide the password" }).click();
    await expect(page.getByTestId("temporary-password")).toHaveCount(0);
    await expect(page.getByTestId("staff-row").filter({ hasText: email })).toBeVisible();
    return password;
  }

  // Two new consultants through the form; the first one's password is used below.
  const passwordA = await addConsultant(nameA, emailA);
  await addConsultant(nameB, emailB);
  const staff = await apiOf(page).users.list.query();
  const consultantA = staff.find((member) => member.email === emailA);
  const consultantB = staff.find((member) => member.email === emailB);
  if (!consultantA || !consultantB) throw new Error("the new consultants are not in users.list");

  // B gets one new client (through the API), then is deactivated through the UI.
  const client = await apiOf(page).clients.create.mutate({
    id: randomUUID(),
    displayName: `E2E Reassign ${stamp}`,
    babyBirthDate: isoDateDaysAgo(60),
    feedingMethod: "nursing",
    consideringWeaning: false,
    primaryConsultantId: consultantB.id,
  });
  expect(client.primaryConsultantId).toBe(consultantB.id);
  await page.reload();
  const rowB = page.getByTestId("staff-row").filter({ hasText: emailB });
  await expect(rowB.getByRole("cell").nth(3)).toHaveText("1");
  await rowB.getByRole("button", { name: `Deactivate ${nameB}` }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: `Deactivate ${nameB}?` })).toBeVisible();
  await expect(dialog).toContainText(`${nameB} is signed out at once on every device`);
  await expect(dialog).toContainText("1 active client will await reassignment");
  await dialog.getByRole("button", { name: `Deactivate ${nameB}` }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("admin-status")).toHaveText(
    `${nameB} was deactivated. No one was signed in as them; 1 client now awaits reassignment.`,
  );
  await expect(rowB).toContainText("Deactivated");

  // The client waits for a consultant; the lead gives them to A.
  const waiting = page.getByTestId("awaiting-row").filter({ hasText: client.displayName });
  await expect(waiting).toBeVisible();
  await expect(waiting).toContainText(nameB);
  await page.screenshot({ path: path.join(SCREENSHOTS, "admin-staff.png"), fullPage: true });
  await waiting.getByLabel(`Consultant for ${client.displayName}`).selectOption(consultantA.id);
  await waiting.getByRole("button", { name: "Assign" }).click();
  await expect(page.getByTestId("admin-status")).toHaveText(`${client.displayName} is now with ${nameA}.`);
  await expect(waiting).toHaveCount(0);

  const after = await apiOf(page).clients.byId.query({ clientId: client.clientId });
  expect(after.primaryConsultantId).toBe(consultantA.id);
  const trail = await apiOf(page).audit.list.query({ clientId: client.clientId, action: "client.assign", page: 1, pageSize: 10 });
  expect(trail.total).toBe(1);
  expect(trail.rows[0]?.details).toMatchObject({ fromConsultantId: consultantB.id, toConsultantId: consultantA.id });

  // The audit log, filtered to that client's reassignment, and its CSV.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  await page.getByLabel("Action starts with").fill("client.assign");
  await page.getByLabel("Client id").fill(client.clientId);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`client=${client.clientId}`));
  const auditRows = page.getByTestId("audit-row");
  await expect(auditRows).toHaveCount(1);
  await expect(auditRows.first()).toContainText("client.assign");
  await expect(auditRows.first()).toContainText(`toConsultantId: ${nameA} (${consultantA.id.slice(0, 8)}…)`);
  await page.getByLabel("Action starts with").fill("");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(auditRows.filter({ hasText: "client.create" })).toHaveCount(1);
  await page.screenshot({ path: path.join(SCREENSHOTS, "admin-audit.png"), fullPage: true });

  const clientTrail = await apiOf(page).audit.list.query({ clientId: client.clientId, page: 1, pageSize: 1000 });
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV (up to 10,000 entries)" }).click();
  const [header, ...records] = await readDownload(await downloadPromise);
  expect(header).toEqual(["at", "user_id", "user", "action", "entity", "entity_id", "details"]);
  expect(records).toHaveLength(clientTrail.total);
  for (const record of records) expect(record[0]).toMatch(ISO_TIMESTAMP);
  expect(records.map((record) => record[3])).toEqual(clientTrail.rows.map((row) => row.action));
  await expect(page.getByText(`Exported ${clientTrail.total} ${clientTrail.total === 1 ? "entry" : "entries"}.`)).toBeVisible();

  // A signs in with the temporary password in a fresh browser: every page leads to changing it first.
  const context = await browser.newContext();
  try {
    const pageA = await context.newPage();
    // The temporary password itself is under test here, so A uses the form.
    await signInThroughForm(pageA, emailA, passwordA);
    await expect(pageA).toHaveURL(/\/change-password$/);
    await expect(pageA.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
    await pageA.goto("/caseload");
    await expect(pageA).toHaveURL(/\/change-password$/);
    expect((await pageA.request.get("/trpc/caseload.list")).status()).toBe(403);

    await pageA.getByLabel("Temporary password").fill(passwordA);
    await pageA.getByLabel("New password", { exact: true }).fill("too short");
    await pageA.getByLabel("Confirm new password").fill("too short");
    await pageA.getByRole("button", { name: "Change password" }).click();
    await expect(pageA.getByText("Choose a password of at least 12 characters")).toBeVisible();
    await expect(pageA.getByLabel("New password", { exact: true })).toHaveAttribute("aria-invalid", "true");

    const chosen = `a calm river ${stamp}`;
    await pageA.getByLabel("New password", { exact: true }).fill(chosen);
    await pageA.getByLabel("Confirm new password").fill(chosen);
    await pageA.getByRole("button", { name: "Change password" }).click();
    await expect(pageA).toHaveURL(/\/caseload$/);
    await expect(pageA.getByText(client.displayName)).toBeVisible();
    const me = await apiOf(pageA).auth.me.query();
    expect(me).toMatchObject({ email: emailA, mustChangePassword: false });

    // A consultant at a lead's address sees what the API's FORBIDDEN means.
    await pageA.goto("/practice");
    await expect(pageA.getByRole("heading", { level: 1, name: "Only a practice lead can see this page" })).toBeVisible();
    await expect(pageA.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Practice" })).toHaveCount(0);
  } finally {
    await context.close();
  }
});

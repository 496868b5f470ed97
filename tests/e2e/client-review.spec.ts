import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { isoDateDaysAgo } from "@wave/server/testing";
import { epdsInterpretationLabels, interventionKindLabels, outcomeLabels } from "../../client/src/lib/labels";
import { apiOf, expect, test, type RouterOutputs } from "./fixtures";

const ARTIFACTS = path.join(import.meta.dirname, "..", "artifacts");
const SCREENSHOTS = path.join(ARTIFACTS, "screenshots");
const EPISODES_SHOWN_FIRST = 20;

// The page's own words for wire values (one vocabulary, client/src/lib/labels.ts), looked up by the value the API returns.
const KIND_LABELS: Record<string, string> = interventionKindLabels.short;
const OUTCOME_LABELS: Record<string, string> = outcomeLabels.long;
const EPDS_WORDS: Record<string, string> = epdsInterpretationLabels.short;

// The expected course by band (DOMAIN.md, Wave's rule for moderate: 3-12 months).
const EXPECTED_COURSE_WORDS: Record<string, string> = {
  mild: "Expected to ease: by week 13 (mild)",
  moderate: "Expected to ease: weeks 13-52 (moderate)",
  severe: "No expected end (severe): may last until weaning",
};

type AlertRef = RouterOutputs["clients"]["byId"]["summary"]["flagDetails"][number]["alerts"][number];

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const EPDS_ITEM_10_OPTIONS = ["Yes, quite often", "Sometimes", "Hardly ever", "Never"];

/** "30 Nov 2026" and "30 Nov 2026, 03:10" as a reader in `timeZone` sees them (the page's own formats). */
function localWords(iso: string, timeZone: string): { date: string; dateTime: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  const date = `${Number(parts.day)} ${MONTHS[Number(parts.month) - 1]} ${parts.year}`;
  return { date, dateTime: `${date}, ${parts.hour}:${parts.minute}` };
}

/** What raised an alert, in the words the review page must use (DOMAIN.md's examples). */
function alertWords(alert: AlertRef, timeZone: string): string {
  const when = localWords(alert.reportedAt, timeZone);
  if (alert.source === "epds") {
    const answer = alert.item10Answer === null ? "" : ` (answered '${EPDS_ITEM_10_OPTIONS[alert.item10Answer]}')`;
    return `EPDS item 10${answer} on ${when.date}`;
  }
  return `${alert.source === "self_report" ? "Client's own report" : "Episode"} on ${when.dateTime}`;
}

/** The browser's time zone: Playwright's default is the machine's, as is this process's. */
const MACHINE_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Pages in a PDF: its page objects (`/Type /Page`), not the page tree (`/Type /Pages`). */
function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

function clientIdFromUrl(page: Page): string {
  const clientId = new URL(page.url()).pathname.split("/").pop();
  expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
  return clientId ?? "";
}

test.beforeAll(() => {
  mkdirSync(SCREENSHOTS, { recursive: true });
});

test("a consultant reads her most urgent client's review before the follow-up", async ({ page, practice, login }) => {
  await login(page, practice.emily);
  await page.goto("/caseload");
  const firstRow = page.getByTestId("caseload-row").first();
  await expect(firstRow).toContainText("Self-harm: same-day follow-up");
  await firstRow.locator(".client-link").click();
  await expect(page).toHaveURL(/\/clients\/[0-9a-f-]{36}$/);
  const clientId = clientIdFromUrl(page);

  const [client, episodes, interventions, screenings, trend] = await Promise.all([
    apiOf(page).clients.byId.query({ clientId }),
    apiOf(page).episodes.list.query({ clientId }),
    apiOf(page).interventions.list.query({ clientId }),
    apiOf(page).screenings.list.query({ clientId }),
    apiOf(page).analytics.clientTrend.query({ clientId, bucket: "episode" }),
  ]);

  // The header: who, how old the baby is, and the self-harm flag with its reason, unmissable.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(client.displayName);
  await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
  const header = page.locator(".review-header");
  await expect(header).toContainText(`${client.summary.postpartumWeeks} weeks postpartum`);
  await expect(header).toContainText(client.consultantName);
  const selfHarm = client.summary.flagDetails.find((detail) => detail.flag === "self_harm");
  expect(selfHarm, "the caseload's first client has an urgent self-harm flag").toBeDefined();
  const urgentFlag = header.locator(".review-flag--urgent");
  await expect(urgentFlag).toContainText("Self-harm: same-day follow-up");
  await expect(urgentFlag).toContainText(selfHarm?.reason ?? "");
  await expect(page.getByRole("button", { name: "Print brief" })).toBeVisible();

  // Each open alert behind the flag: what raised it, in the reader's time zone, and whether anyone has seen it.
  const alerts = selfHarm?.alerts ?? [];
  expect(alerts.length, "the urgent flag rests on an open alert").toBeGreaterThan(0);
  const alertItems = urgentFlag.getByTestId("safety-alert");
  await expect(alertItems).toHaveCount(alerts.length);
  for (const [index, alert] of alerts.entries()) {
    await expect(alertItems.nth(index)).toContainText(alertWords(alert, MACHINE_TIME_ZONE));
    await expect(alertItems.nth(index)).toContainText(alert.acknowledgedAt ? "Acknowledged" : "Not yet acknowledged");
  }
  const firstAlert = alerts[0];
  const alertDescription = firstAlert ? alertWords(firstAlert, MACHINE_TIME_ZONE) : "";
  // Calm prompts beside the data, each with its reason, never as a flag.
  const prompts = page.getByTestId("review-prompts");
  if (client.prompts.length > 0) {
    await expect(prompts.getByRole("heading", { name: "Worth considering" })).toBeVisible();
    for (const prompt of client.prompts) {
      await expect(prompts).toContainText(prompt.message);
      await expect(prompts).toContainText(`Why: ${prompt.reason}`);
    }
  } else {
    await expect(prompts).toHaveCount(0);
  }
  await header.screenshot({ path: path.join(SCREENSHOTS, "client-review-alert.png") });

  // Since last visit, in its own section.
  await expect(page.getByRole("region", { name: "Since last visit" })).toBeVisible();

  // The chart: drawn, with a labelled marker for each intervention start.
  const chart = page.getByRole("region", { name: "Severity trend" });
  await expect(chart.locator("svg.recharts-surface")).toBeVisible();
  expect(trend.points.length).toBeGreaterThan(0);
  expect(trend.interventions.length).toBeGreaterThan(0);
  const firstKind = KIND_LABELS[trend.interventions[0]?.kind ?? ""] ?? "";
  await expect(chart.locator(".trend-chart__marker-label").getByText(firstKind, { exact: true }).first()).toBeVisible();
  await expect(chart.locator(".trend-chart__marker-label")).toHaveCount(trend.interventions.length);
  await expect(chart.getByText("Thoughts of self-harm (triangle)")).toBeVisible();
  await expect(chart.getByRole("img", { name: "Severity trend chart" })).toBeVisible();

  // Episodes: newest first, every one of them once "Show all" is pressed, self-harm in words.
  const episodeRows = page.getByTestId("episode-row");
  await expect(episodeRows).toHaveCount(Math.min(EPISODES_SHOWN_FIRST, episodes.length));
  if (episodes.length > EPISODES_SHOWN_FIRST) {
    await page.getByRole("button", { name: `Show all ${episodes.length} episodes` }).click();
  }
  await expect(episodeRows).toHaveCount(episodes.length);
  const newest = [...episodes].sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt))[0];
  await expect(episodeRows.first().locator("time").first()).toHaveAttribute("datetime", newest?.occurredAt ?? "");
  const selfHarmEpisodes = episodes.filter((episode) => episode.selfHarmThoughts).length;
  expect(selfHarmEpisodes).toBeGreaterThan(0);
  await expect(page.getByTestId("episodes-table").locator(".self-harm-yes")).toHaveCount(selfHarmEpisodes);
  await expect(page.getByTestId("episodes-table").locator(".self-harm-yes").first()).toHaveText("Yes");
  await expect(page.getByTestId("episode-row").filter({ has: page.locator(".self-harm-yes") }).first()).toHaveClass(/episode-row--self-harm/);

  // Sorting works from the keyboard and says which way it sorts.
  const episodesTable = page.getByTestId("episodes-table");
  await episodesTable.getByRole("button", { name: "Intensity", exact: true }).focus();
  await page.keyboard.press("Enter");
  await expect(episodesTable.getByRole("columnheader", { name: "Intensity", exact: true })).toHaveAttribute("aria-sort", "descending");
  const highest = Math.max(...episodes.map((episode) => episode.intensity));
  await expect(episodeRows.first().locator(".intensity__value")).toHaveText(String(highest));
  await page.getByRole("button", { name: "Newest first" }).click();
  await expect(episodesTable.getByRole("columnheader", { name: "Date", exact: true })).toHaveAttribute("aria-sort", "descending");

  // Interventions with outcomes and their before/after windows.
  const interventionRows = page.getByTestId("intervention-row");
  await expect(interventionRows).toHaveCount(interventions.length);
  const withOutcome = interventions.find((intervention) => intervention.outcomes.length > 0);
  expect(withOutcome, "the urgent client has an intervention with an outcome").toBeDefined();
  const outcomeRow = interventionRows.filter({ hasText: KIND_LABELS[withOutcome?.kind ?? ""] ?? "" }).first();
  await expect(outcomeRow).toContainText(OUTCOME_LABELS[withOutcome?.outcomes[0]?.outcome ?? ""] ?? "");
  const thinWindows = interventions.flatMap((intervention) => [intervention.before, intervention.after]).filter((window) => !window.enough);
  const thinCells = page.getByTestId("interventions-table").locator(".window-mean--thin");
  await expect(thinCells).toHaveCount(thinWindows.length);
  if (thinWindows.length > 0) await expect(thinCells.first()).toContainText("Not enough data");

  // EPDS history, interpreted in words.
  const epdsRows = page.getByTestId("epds-row");
  await expect(epdsRows).toHaveCount(screenings.length);
  for (const [index, screening] of screenings.entries()) {
    await expect(epdsRows.nth(index)).toContainText(EPDS_WORDS[screening.interpretation] ?? "unknown interpretation");
  }

  // Notes and follow-ups: the open, overdue follow-up says so.
  await expect(page.getByRole("region", { name: "Notes and follow-ups" })).toBeVisible();
  if (client.summary.flags.includes("follow_up_overdue")) {
    await expect(page.getByTestId("timeline-item").first()).toContainText("overdue");
  }

  // The screenshot shows the page as it opens: the latest episodes, not all of them.
  if (episodes.length > EPISODES_SHOWN_FIRST) {
    await page.getByRole("button", { name: `Show the first ${EPISODES_SHOWN_FIRST}` }).click();
    await expect(episodeRows).toHaveCount(EPISODES_SHOWN_FIRST);
  }
  await page.screenshot({ path: path.join(SCREENSHOTS, "client-review.png"), fullPage: true });

  // Weeks postpartum: the x-axis changes and the expected course for the band is stated.
  await page.getByRole("radio", { name: "Weeks postpartum" }).check();
  await expect(page.getByRole("radio", { name: "Weeks postpartum" })).toBeChecked();
  await expect(chart.locator("svg").getByText("Weeks postpartum", { exact: true })).toBeVisible();
  expect(trend.band, "the urgent client has episodes in the last 30 days").not.toBeNull();
  await expect(page.getByTestId("expected-course")).toContainText(EXPECTED_COURSE_WORDS[trend.band ?? ""] ?? "");
  await page.getByRole("radio", { name: "Calendar dates" }).check();

  // The alert links to the record that raised it: the row comes into view with focus.
  await alertItems.first().getByRole("link", { name: alertDescription }).click();
  const sourceRow = page.locator(`#${firstAlert?.source === "epds" ? "epds" : "episode"}-${firstAlert?.sourceId ?? ""}`);
  await expect(sourceRow).toBeFocused();
  await expect(sourceRow).toBeInViewport();
  await page.locator("#main").focus();

  // The print brief: no navigation, buttons or recording panel; the chart stays.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("banner")).toBeHidden();
  await expect(page.getByRole("button", { name: "Print brief" })).toBeHidden();
  await expect(page.getByTestId("recording-panel")).toBeHidden();
  await expect(chart.locator("svg.recharts-surface")).toBeVisible();
  // The flag and its alert print whole.
  await expect(urgentFlag).toBeVisible();
  await expect(urgentFlag).toContainText(selfHarm?.reason ?? "");
  await expect(alertItems.first()).toBeVisible();
  await expect(alertItems.first()).toContainText(alertDescription);
  // The chart has switched to its print drawing before the page is laid out on paper.
  await expect(chart.locator("svg.recharts-surface").first()).toHaveAttribute("width", "1000");
  // Longer lists are cut on paper and say how many more there are.
  if (episodes.length > 6) await expect(page.locator("#episodes .print-note")).toContainText(`and ${episodes.length - 6} more episodes`);
  await page.screenshot({ path: path.join(SCREENSHOTS, "client-review-print.png"), fullPage: true });
  // One A4 page, as the browser's print would lay it out.
  const pdf = await page.pdf({ format: "A4", printBackground: true });
  const pages = pdfPageCount(pdf);
  writeFileSync(path.join(ARTIFACTS, "client-review-brief.pdf"), pdf);
  writeFileSync(
    path.join(ARTIFACTS, "print-brief.json"),
    `${JSON.stringify({ client: "emily's first caseload row (urgent)", pdfPages: pages, measuredAt: new Date().toISOString() }, null, 2)}\n`,
  );
  expect(pages, "the urgent client's brief prints on one A4 page").toBe(1);
  await page.emulateMedia({ media: "screen" });
});

test("weeks postpartum draws the expected course behind a moderate client's episodes", async ({ page, practice, login }) => {
  await login(page, practice.emily);
  const caseload = await apiOf(page).caseload.list.query({ pageSize: 200 });
  // A band means episodes in the last 30 days; past week 18 they fall in moderate's expected span (weeks 13-52).
  const moderate = caseload.rows.find((row) => row.band === "moderate" && row.postpartumWeeks >= 18);
  expect(moderate, "the caseload has a moderate client past week 18").toBeDefined();

  await page.goto(`/clients/${moderate?.clientId ?? ""}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(moderate?.displayName ?? "");
  const chart = page.getByRole("region", { name: "Severity trend" });
  await expect(chart.locator("svg.recharts-surface")).toBeVisible();
  await expect(chart.locator("svg").getByText("Expected to ease", { exact: false })).toHaveCount(0);

  await page.getByRole("radio", { name: "Weeks postpartum" }).focus();
  await expect(page.getByRole("radio", { name: "Calendar dates" })).toBeChecked();
  await page.getByRole("radio", { name: "Calendar dates" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("radio", { name: "Weeks postpartum" })).toBeChecked();
  await expect(page.getByTestId("expected-course")).toContainText(EXPECTED_COURSE_WORDS.moderate ?? "");
  await expect(chart.locator("svg").getByText(EXPECTED_COURSE_WORDS.moderate ?? "", { exact: true })).toBeVisible();
  await expect(chart.getByText("Expected course for the band (hatched)")).toBeVisible();
});

test("one failing section shows its own error and Retry while the rest of the page reads", async ({ page, practice, login }) => {
  await login(page, practice.emily);
  await page.goto("/caseload");
  const firstLink = page.getByTestId("caseload-row").first().locator(".client-link");
  const href = await firstLink.getAttribute("href");
  const name = await firstLink.innerText();

  // Fail interventions.list inside tRPC's batched responses; every other call goes through.
  let failing = true;
  await page.route(/\/trpc\/[^?]*interventions\.list/, async (route) => {
    if (!failing) return route.continue();
    const response = await route.fetch();
    const procedures = new URL(route.request().url()).pathname.replace("/trpc/", "").split(",");
    const body = (await response.json()) as unknown[];
    const index = procedures.indexOf("interventions.list");
    body[index] = {
      error: {
        message: "Something went wrong on our side. Please try again; if it keeps happening, contact support.",
        code: -32603,
        data: { code: "INTERNAL_SERVER_ERROR", httpStatus: 500, path: "interventions.list" },
      },
    };
    await route.fulfill({ response, status: 207, json: body });
  });

  await page.goto(href ?? "/");
  const interventions = page.getByRole("region", { name: "Interventions and outcomes" });
  await expect(interventions.getByRole("alert")).toContainText("We couldn't load interventions", { timeout: 20_000 });
  await expect(page.getByTestId("episode-row").first()).toBeVisible();
  await expect(page.getByTestId("epds-table")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);

  failing = false;
  await interventions.getByRole("button", { name: "Retry" }).click();
  await expect(page.getByTestId("intervention-row").first()).toBeVisible();
  await expect(interventions.getByRole("alert")).toHaveCount(0);
});

test("an unknown client reads as not found", async ({ page, practice, login }) => {
  await login(page, practice.emily);
  await page.goto("/clients/00000000-0000-4000-8000-000000000000");
  await expect(page.getByRole("heading", { level: 1, name: "Client not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to caseload" })).toBeVisible();
});

test.describe("in a reader's time zone far from the server's", () => {
  // +05:30: a date or time formatted in any other zone would differ from the expected words.
  const TIME_ZONE = "Asia/Kolkata";
  test.use({ timezoneId: TIME_ZONE });

  test("each open alert names its source, links to it even past the first rows, and can be acknowledged", async ({ page, practice, login }) => {
    test.setTimeout(90_000);
    await login(page, practice.sam);
    await page.goto("/caseload");
    const client = await apiOf(page).clients.create.mutate({
      id: randomUUID(),
      displayName: `E2E Alerts ${Date.now().toString(36)}`,
      babyBirthDate: isoDateDaysAgo(80),
      feedingMethod: "nursing",
      consideringWeaning: false,
    });
    const hour = 3600 * 1000;
    const episode = (hoursAgo: number, selfHarmThoughts: boolean, durationSeconds = 90) => ({
      id: randomUUID(),
      clientId: client.clientId,
      occurredAt: new Date(Date.now() - hoursAgo * hour).toISOString(),
      intensity: 6,
      types: ["despondency" as const],
      context: "nursing" as const,
      letDown: "first" as const,
      durationSeconds,
      impact: "none" as const,
      selfHarmThoughts,
      ratedAfterEducation: false,
      notes: selfHarmThoughts ? "Said the thought came with the let-down and passed; partner at home tonight; agreed to call back." : undefined,
    });
    // The self-harm episode is the oldest of 25, so the page first shows the 20 newest without it.
    const selfHarmEpisode = episode(25 * 24, true);
    await apiOf(page).episodes.create.mutate(selfHarmEpisode);
    for (let index = 0; index < 24; index++) {
      await apiOf(page).episodes.create.mutate(episode(index * 20 + 1, false, index === 0 ? 420 : 90));
    }
    await apiOf(page).screenings.createEpds.mutate({
      id: randomUUID(),
      clientId: client.clientId,
      takenAt: new Date(Date.now() - 2 * hour).toISOString(),
      answers: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    });
    const record = await apiOf(page).clients.byId.query({ clientId: client.clientId });
    const alerts = record.summary.flagDetails.find((detail) => detail.flag === "self_harm")?.alerts ?? [];
    expect(alerts.map((alert) => alert.source).sort()).toEqual(["epds", "episode"]);

    await page.goto(`/clients/${client.clientId}`);
    const urgentFlag = page.locator(".review-header .review-flag--urgent");
    const items = urgentFlag.getByTestId("safety-alert");
    await expect(items).toHaveCount(2);
    for (const [index, alert] of alerts.entries()) await expect(items.nth(index)).toContainText(alertWords(alert, TIME_ZONE));
    const episodeAlert = items.filter({ hasText: "Episode on" });
    const epdsAlert = items.filter({ hasText: "EPDS item 10 (answered 'Sometimes')" });
    // The report's note is shown whole beside its alert.
    await expect(episodeAlert).toContainText(`Note: ${selfHarmEpisode.notes ?? ""}`);
    // Both prompts, each with its reason.
    const prompts = page.getByTestId("review-prompts");
    await expect(prompts).toContainText("Low mood that lasts between feeds is not DMER");
    await expect(prompts).toContainText("Why: Latest EPDS total 17 (10 or more)");
    await expect(prompts).toContainText("breastfeeding aversion response");

    // The episode's row is beyond the first 20: following the link shows them all and lands on it.
    await expect(page.getByTestId("episode-row")).toHaveCount(20);
    await expect(page.locator(`#episode-${selfHarmEpisode.id}`)).toHaveCount(0);
    await episodeAlert.getByRole("link").click();
    await expect(page.getByTestId("episode-row")).toHaveCount(25);
    await expect(page.locator(`#episode-${selfHarmEpisode.id}`)).toBeFocused();
    await expect(page.locator(`#episode-${selfHarmEpisode.id}`)).toBeInViewport();
    expect(new URL(page.url()).hash).toBe(`#episode-${selfHarmEpisode.id}`);
    await epdsAlert.getByRole("link").click();
    await expect(page.locator(`#epds-${alerts.find((alert) => alert.source === "epds")?.sourceId ?? ""}`)).toBeFocused();

    // Acknowledging says who has seen it; the alert stays open and the client stays pinned.
    await expect(epdsAlert).toContainText("Not yet acknowledged");
    await epdsAlert.getByRole("button", { name: /^Acknowledge/ }).click();
    await expect(epdsAlert).toContainText("Acknowledged by Sam");
    await expect(epdsAlert.getByRole("button", { name: /^Acknowledge/ })).toHaveCount(0);
    await expect(episodeAlert).toContainText("Not yet acknowledged");
    await expect(urgentFlag).toBeVisible();
    const open = await apiOf(page).alerts.list.query({ status: "open" });
    const mine = open.rows.filter((alert) => alert.clientId === client.clientId);
    expect(mine).toHaveLength(2);
    expect(mine.filter((alert) => alert.acknowledgedAt !== null)).toEqual([
      expect.objectContaining({ alertId: alerts.find((alert) => alert.source === "epds")?.alertId, resolvedAt: null }),
    ]);
    const caseload = await apiOf(page).caseload.list.query({});
    expect(caseload.pinned.map((row) => row.clientId)).toContain(client.clientId);

    // A follow-up that reached the client resolves both, and the page says so.
    await apiOf(page).followUps.complete.mutate({
      id: randomUUID(),
      clientId: client.clientId,
      outcome: "reached",
      contact: "phone",
      notes: "Called back; safe (e2e).",
    });
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: client.displayName })).toBeVisible();
    await expect(urgentFlag).toHaveCount(0);
  });
});

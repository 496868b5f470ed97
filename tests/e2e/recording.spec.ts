import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { isoDateDaysAgo } from "@wave/server/testing";
import { apiOf, expect, test } from "./fixtures";

// Sam records for his clients, in the test's own practice.
const SELF_HARM_BADGE = "Self-harm: same-day follow-up";
const ARTIFACTS = path.join(import.meta.dirname, "..", "artifacts");
const SCREENSHOTS = path.join(ARTIFACTS, "screenshots");

/** The shared schema's message when the self-harm question is left unanswered. */
const SELF_HARM_UNANSWERED = "Say whether there were thoughts of self-harm";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (value: number) => String(value).padStart(2, "0");

/** "1 Dec 2026, 09:30" in the local time zone, which the browser shares with this process. */
function formatLocal(iso: string): string {
  const date = new Date(iso);
  return `${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()}, ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local input's value for this instant. */
function localDateTimeInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The caseload, open and loaded. */
async function openCaseload(page: Page): Promise<void> {
  await page.goto("/caseload");
  await expect(page.getByTestId("caseload-row").first()).toBeVisible();
}

/** A client of sam's made through the API, for tests that start on the client page. */
async function createClientViaApi(request: APIRequestContext, label: string) {
  return apiOf(request).clients.create.mutate({
    id: randomUUID(),
    displayName: `E2E ${label} ${Date.now().toString(36)}`,
    babyBirthDate: isoDateDaysAgo(70),
    feedingMethod: "nursing",
    consideringWeaning: false,
  });
}

/** The clients the caseload pins above every sort and filter: those with an open safety alert. */
async function pinnedIds(request: APIRequestContext): Promise<string[]> {
  const caseload = await apiOf(request).caseload.list.query({ sort: { field: "displayName", desc: false } });
  return caseload.pinned.map((row) => row.clientId);
}

/** A contact that reached the client: resolves the open alerts of a client a test made urgent. */
async function resolveAlertsViaApi(request: APIRequestContext, clientId: string): Promise<void> {
  await apiOf(request).followUps.complete.mutate({
    id: randomUUID(),
    clientId,
    outcome: "reached",
    contact: "phone",
    notes: "Followed up by phone (e2e).",
  });
}

function dialog(page: Page): Locator {
  return page.getByRole("dialog");
}

/** The recording panel's confirmation (role="status"). */
function panelStatus(page: Page): Locator {
  return page.getByTestId("recording-panel").getByRole("status");
}

function screenshot(page: Page, name: string) {
  return page.screenshot({ path: path.join(SCREENSHOTS, name) });
}

async function openForm(page: Page, button: string, title: string): Promise<Locator> {
  await page.getByTestId("recording-panel").getByRole("button", { name: button, exact: true }).click();
  const form = dialog(page);
  await expect(form.getByRole("heading", { name: title })).toBeVisible();
  return form;
}

function caseloadRowFor(page: Page, name: string): Locator {
  return page.getByTestId("caseload-row").filter({ has: page.getByRole("link", { name, exact: true }) });
}

test.beforeAll(() => {
  mkdirSync(SCREENSHOTS, { recursive: true });
});

test("recording through the UI raises the urgent flag; a follow-up that did not reach the client keeps it, one that did clears it", async ({
  page,
  practice,
  login,
}) => {
  test.setTimeout(150_000);
  await login(page, practice.sam);
  await openCaseload(page);

  // A new client, through the UI.
  const name = `E2E Recording ${Date.now().toString(36)}`;
  await page.getByRole("button", { name: "New client" }).click();
  const newClient = dialog(page);
  await expect(newClient.getByRole("heading", { name: "New client" })).toBeVisible();
  await expect(newClient.getByLabel("Display name")).toBeFocused();
  await newClient.getByLabel("Display name").fill(name);
  await newClient.getByLabel("Baby's birth date").fill(isoDateDaysAgo(56));
  await screenshot(page, "recording-new-client.png");
  await newClient.getByRole("button", { name: "Add client" }).click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: `${name} added to your caseload` })).toBeVisible();
  await page.getByRole("link", { name: `Open ${name}` }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const clientId = new URL(page.url()).pathname.split("/").pop() ?? "";

  // Episode: intensity, a feeling and the self-harm answer are all a typical entry needs. A double click saves once.
  let form = await openForm(page, "Record episode", "Record an episode");
  const selfHarm = form.getByRole("group", { name: /^Thoughts of self-harm/ });
  // Never pre-answered: neither Yes nor No is chosen, and the form says it has not been asked yet.
  await expect(selfHarm.getByRole("radio", { name: "No", exact: true })).not.toBeChecked();
  await expect(selfHarm.getByRole("radio", { name: "Yes", exact: true })).not.toBeChecked();
  await expect(selfHarm).toContainText("Not answered yet");
  // Nothing chosen yet: the shared schema's messages appear beside the fields, and nothing is sent.
  await form.getByRole("button", { name: "Save episode" }).click();
  await expect(form.getByText("Intensity must be a number from 1 to 10")).toBeVisible();
  await expect(form.getByText("Choose at least one feeling")).toBeVisible();
  await expect(selfHarm.getByText(SELF_HARM_UNANSWERED)).toBeVisible();
  await expect(form.getByRole("radio", { name: "1", exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByRole("radio", { name: "1", exact: true })).toBeFocused();
  await expect(form.getByRole("checkbox", { name: /^Despondency/ })).toHaveAccessibleDescription(/Choose at least one feeling/);
  await form.getByRole("radio", { name: "8", exact: true }).check();
  await expect(form.getByText("8: Severe (7 to 10)")).toBeVisible();
  await form.getByRole("checkbox", { name: /^Despondency/ }).check();
  await form.getByRole("checkbox", { name: /^Anxiety/ }).check();
  // Everything else answered, the self-harm question still is not: saving is refused and focus goes to it.
  await form.getByRole("button", { name: "Save episode" }).click();
  await expect(selfHarm.getByRole("radio", { name: "No", exact: true })).toBeFocused();
  await expect(selfHarm.getByRole("radio", { name: "No", exact: true })).toHaveAccessibleDescription(new RegExp(SELF_HARM_UNANSWERED));
  await expect(form.getByText("One answer needs another look")).toBeVisible();
  expect(await apiOf(page).episodes.list.query({ clientId })).toEqual([]);
  await screenshot(page, "recording-episode-self-harm-unanswered.png");
  await selfHarm.getByRole("radio", { name: "No", exact: true }).check();
  await expect(selfHarm.getByText(SELF_HARM_UNANSWERED)).toHaveCount(0);
  await expect(selfHarm).not.toContainText("Not answered yet");
  await expect(form.getByRole("alert").filter({ hasText: "Urgent" })).toHaveCount(0);
  await screenshot(page, "recording-episode.png");
  await form.getByRole("button", { name: "Save episode" }).dblclick();
  await expect(panelStatus(page)).toContainText("Episode recorded");
  await expect(dialog(page)).toHaveCount(0);
  const episodes = await apiOf(page).episodes.list.query({ clientId });
  expect(episodes).toHaveLength(1);
  expect(episodes[0]).toMatchObject({ intensity: 8, types: ["despondency", "anxiety"], selfHarmThoughts: false });
  await expect(page.getByTestId("episode-row")).toHaveCount(1);

  // Intervention, then an outcome against it.
  form = await openForm(page, "Record intervention", "Record an intervention");
  await form.getByLabel("What was tried").selectOption({ label: "Grounding / coping" });
  await screenshot(page, "recording-intervention.png");
  await form.getByRole("button", { name: "Save intervention" }).click();
  await expect(panelStatus(page)).toContainText("Intervention recorded: Grounding / coping");

  form = await openForm(page, "Record outcome", "Record an outcome");
  await expect(form.getByLabel("Intervention", { exact: true })).toContainText("Grounding / coping");
  await form.getByRole("radio", { name: "Improved" }).check();
  await form.getByLabel("Notes (optional)").fill("Breathing through the let-down helps.");
  await screenshot(page, "recording-outcome.png");
  await form.getByRole("button", { name: "Save outcome" }).click();
  await expect(panelStatus(page)).toContainText("Outcome recorded");
  const interventions = await apiOf(page).interventions.list.query({ clientId });
  expect(interventions).toHaveLength(1);
  expect(interventions[0]?.kind).toBe("grounding");
  expect(interventions[0]?.outcomes.map((outcome) => outcome.outcome)).toEqual(["improved"]);

  // EPDS: every item at a score of 2 (the option index depends on the item's scoring direction), item 10 "Sometimes".
  form = await openForm(page, "EPDS screening", "EPDS screening");
  const answers = [
    "Definitely not so much now",
    "Definitely less than I used to",
    "Yes, some of the time",
    "Yes, sometimes",
    "Yes, sometimes",
    "Yes, sometimes I haven't been coping as well as usual",
    "Yes, sometimes",
    "Yes, quite often",
    "Yes, quite often",
    "Sometimes",
  ];
  for (const [index, answer] of answers.entries()) {
    const item = form.getByRole("group", { name: new RegExp(`^${index + 1}\\. `) });
    await item.getByRole("radio", { name: answer, exact: true }).check();
  }
  await expect(form.getByText("Any answer to question 10 other than “Never” raises the urgent self-harm flag")).toBeVisible();
  await screenshot(page, "recording-epds-form.png");
  await form.getByRole("button", { name: "Save and score" }).click();
  const result = form.getByTestId("epds-result");
  await expect(result).toContainText("Total20 of 30");
  await expect(result).toContainText("Item 10 (thoughts of self-harm)2 of 3");
  await expect(result).toContainText("Urgent flag raised: same-day follow-up required");
  await screenshot(page, "recording-epds.png");
  const screenings = await apiOf(page).screenings.list.query({ clientId });
  expect(screenings).toEqual([expect.objectContaining({ total: 20, item10: 2, interpretation: "self_harm_risk" })]);
  await form.getByRole("button", { name: "Done" }).click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(page.getByTestId("recording-panel").getByRole("button", { name: "EPDS screening" })).toBeFocused();

  // The client page's header: the urgent flag, naming the screening that raised it.
  const urgentFlag = page.locator(".review-header .review-flag--urgent");
  await expect(urgentFlag).toContainText(SELF_HARM_BADGE);
  await expect(urgentFlag.getByTestId("safety-alert")).toHaveCount(1);
  await expect(urgentFlag.getByTestId("safety-alert")).toContainText("EPDS item 10 (answered 'Sometimes') on");
  expect(await pinnedIds(page.request)).toContain(clientId);

  // The caseload: the new client is marked urgent, and the flag's reason shows on keyboard focus, not only on hover.
  await page.getByRole("link", { name: "Back to caseload" }).click();
  const urgentRow = caseloadRowFor(page, name).first();
  await expect(urgentRow).toContainText(SELF_HARM_BADGE);
  await urgentRow.getByText(SELF_HARM_BADGE).focus();
  await expect(page.locator(".tooltip")).toContainText("same-day follow-up required");
  await screenshot(page, "caseload-urgent.png");
  await page.keyboard.press("Escape");
  await expect(page.locator(".tooltip")).toHaveCount(0);

  // Scheduling refuses a time in the past, with the field's own message; a week ahead is booked.
  await urgentRow.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  form = await openForm(page, "Schedule follow-up", "Schedule the next follow-up");
  const due = form.getByLabel("Due", { exact: true });
  const min = (await due.getAttribute("min")) ?? "";
  expect(Date.parse(min)).toBeGreaterThan(Date.now() - 5 * 60_000);
  await due.fill(localDateTimeInput(new Date(Date.now() - 24 * 3600 * 1000)));
  await form.getByRole("button", { name: "Schedule follow-up" }).click();
  await expect(form.getByText("Due cannot be in the past")).toBeVisible();
  await expect(due).toBeFocused();
  expect(await apiOf(page).followUps.list.query({ clientId })).toEqual([]);
  await form.getByRole("button", { name: "In 1 week" }).click();
  await form.getByRole("button", { name: "Schedule follow-up" }).click();
  await expect(panelStatus(page)).toContainText("Follow-up scheduled for");
  const [scheduled] = await apiOf(page).followUps.list.query({ clientId });
  expect(scheduled).toMatchObject({ completedAt: null });

  // An attempt that did not reach the client: recorded, shown in the timeline, and the alert stays open.
  form = await openForm(page, "Complete follow-up", "Complete a follow-up");
  await expect(form).toContainText("Reached: resolves the open safety alert");
  await expect(form).toContainText("Not reached: the alert stays open");
  const wasScheduled = form.getByRole("checkbox", { name: `This was the follow-up due ${formatLocal(scheduled?.dueAt ?? "")}` });
  await expect(wasScheduled).not.toBeChecked();
  await form.getByRole("radio", { name: "No, I could not reach them" }).check();
  await expect(form.getByRole("radio", { name: "Called: no answer" })).toBeVisible();
  await expect(form.getByRole("radio", { name: "Left a message" })).toBeVisible();
  await expect(form.getByRole("radio", { name: "Video call" })).toHaveCount(0);
  await form.getByRole("radio", { name: "Called: no answer" }).check();
  await form.getByLabel("Follow-up note").fill("Rang at 14:00, no answer; trying again at 16:00.");
  await form.getByRole("button", { name: "Save follow-up" }).click();
  await expect(panelStatus(page)).toContainText("Tried to reach: no answer");
  await expect(panelStatus(page)).toContainText("The safety alert is still open");
  await expect(urgentFlag).toContainText(SELF_HARM_BADGE);
  const attempt = page.getByTestId("timeline-item").filter({ hasText: "Tried to reach: no answer" });
  await expect(attempt).toContainText("Not reached");
  await expect(attempt).toContainText("Rang at 14:00, no answer");
  expect(await pinnedIds(page.request)).toContain(clientId);
  let followUps = await apiOf(page).followUps.list.query({ clientId });
  expect(followUps.filter((followUp) => followUp.completedAt === null)).toEqual([
    expect.objectContaining({ id: scheduled?.id, dueAt: scheduled?.dueAt }),
  ]);
  expect(followUps).toContainEqual(expect.objectContaining({ outcome: "not_reached", contact: "phone", resolvedAlerts: 0 }));

  // A call that reached her, not ticked as the scheduled one: the alert is resolved and next week's visit stays.
  form = await openForm(page, "Complete follow-up", "Complete a follow-up");
  await form.getByRole("radio", { name: "Yes, I reached them" }).check();
  await form.getByRole("radio", { name: "Phone call" }).check();
  const next = form.getByLabel(/^Next follow-up/);
  await expect(next).toHaveAccessibleName("Next follow-up (optional)");
  await expect(next).toHaveValue("");
  await expect(next).toHaveAccessibleDescription(/stays booked unless you tick it/);
  await form.getByLabel("Follow-up note").fill("Called the same day; safe, supported by partner; GP appointment booked.");
  await screenshot(page, "recording-follow-up.png");
  await form.getByRole("button", { name: "Save follow-up" }).click();
  await expect(panelStatus(page)).toContainText("Reached by phone");
  await expect(panelStatus(page)).toContainText("The safety alert is resolved");
  await expect(panelStatus(page)).toContainText(`Next follow-up: ${formatLocal(scheduled?.dueAt ?? "")}`);
  await expect(page.locator(".review-header .review-flag--urgent")).toHaveCount(0);
  await expect(page.getByTestId("timeline-item").filter({ hasText: "Reached by phone" })).toContainText("Resolved the safety alert");
  followUps = await apiOf(page).followUps.list.query({ clientId });
  expect(followUps.filter((followUp) => followUp.completedAt === null)).toEqual([
    expect.objectContaining({ id: scheduled?.id, dueAt: scheduled?.dueAt }),
  ]);
  expect(await pinnedIds(page.request)).not.toContain(clientId);

  await page.getByRole("link", { name: "Back to caseload" }).click();
  const row = caseloadRowFor(page, name).first();
  await expect(row).toBeVisible();
  await expect(row).not.toContainText(SELF_HARM_BADGE);
  await expect(row).toContainText("EPDS ≥ 13");
  await screenshot(page, "caseload-cleared.png");
  const after = await apiOf(page).caseload.list.query({ search: name });
  expect(after.rows.map((candidate) => candidate.flags)).toEqual([["epds_high"]]);
});

test("an episode answered Yes raises the alert; completing the scheduled follow-up asks for the next one", async ({ page, practice, login }) => {
  test.setTimeout(90_000);
  await login(page, practice.sam);
  await openCaseload(page);
  const client = await createClientViaApi(page.request, "Self-harm episode");
  const [scheduled] = await apiOf(page).followUps.schedule.mutate({
    clientId: client.clientId,
    dueAt: new Date(Date.now() + 26 * 3600 * 1000).toISOString(),
  });
  await page.goto(`/clients/${client.clientId}`);
  await expect(page.getByRole("heading", { level: 1, name: client.displayName })).toBeVisible();

  // Yes is a deliberate answer, and the form says at once what saving it will do.
  let form = await openForm(page, "Record episode", "Record an episode");
  await form.getByRole("radio", { name: "6", exact: true }).check();
  await form.getByRole("checkbox", { name: /^Anger/ }).check();
  await form.getByRole("group", { name: /^Thoughts of self-harm/ }).getByRole("radio", { name: "Yes", exact: true }).check();
  await expect(form.getByRole("alert").filter({ hasText: "Urgent: thoughts of self-harm" })).toContainText("same-day follow-up");
  await form.getByRole("button", { name: "Save episode" }).click();
  await expect(panelStatus(page)).toContainText("Urgent self-harm flag raised: same-day follow-up required");
  const [episode] = await apiOf(page).episodes.list.query({ clientId: client.clientId });
  expect(episode).toMatchObject({ intensity: 6, selfHarmThoughts: true });
  const urgentFlag = page.locator(".review-header .review-flag--urgent");
  await expect(urgentFlag).toContainText(SELF_HARM_BADGE);
  await expect(urgentFlag.getByTestId("safety-alert")).toContainText("Episode on");
  await expect(urgentFlag.getByTestId("safety-alert")).toContainText("Not yet acknowledged");
  expect(await pinnedIds(page.request)).toContain(client.clientId);

  // This contact was the scheduled one: ticked, nothing else is booked, so the form asks for the next follow-up.
  form = await openForm(page, "Complete follow-up", "Complete a follow-up");
  await form.getByRole("radio", { name: "Yes, I reached them" }).check();
  await form.getByRole("radio", { name: "In person" }).check();
  await form.getByLabel("Follow-up note").fill("Seen at the clinic; safe, with a plan; partner at home.");
  const next = form.getByLabel(/^Next follow-up/);
  await expect(next).toHaveAccessibleName("Next follow-up (optional)");
  await form.getByRole("checkbox", { name: `This was the follow-up due ${formatLocal(scheduled?.dueAt ?? "")}` }).check();
  await expect(next).toHaveAccessibleName("Next follow-up");
  // A sensible default: a clinic hour a couple of days ahead.
  const suggested = Date.parse(await next.inputValue());
  expect(suggested).toBeGreaterThan(Date.now() + 24 * 3600 * 1000);
  expect(suggested).toBeLessThan(Date.now() + 5 * 24 * 3600 * 1000);
  expect(new Date(suggested).getHours()).toBe(10);
  await next.fill("");
  await form.getByRole("button", { name: "Save follow-up" }).click();
  await expect(form.getByText("Choose when the next follow-up is due")).toBeVisible();
  await expect(next).toBeFocused();
  expect(await pinnedIds(page.request)).toContain(client.clientId);
  await form.getByRole("button", { name: "In 1 week" }).click();
  const chosen = await next.inputValue();
  await screenshot(page, "recording-follow-up-outcome.png");
  await form.getByRole("button", { name: "Save follow-up" }).click();
  await expect(panelStatus(page)).toContainText("Reached in person");
  await expect(panelStatus(page)).toContainText("The safety alert is resolved");
  await expect(panelStatus(page)).toContainText(`Next follow-up: ${formatLocal(new Date(Date.parse(chosen)).toISOString())}`);
  await expect(urgentFlag).toHaveCount(0);

  const followUps = await apiOf(page).followUps.list.query({ clientId: client.clientId });
  expect(followUps.find((followUp) => followUp.id === scheduled?.id)).toMatchObject({ outcome: "reached", contact: "in_person", resolvedAlerts: 1 });
  expect(followUps.filter((followUp) => followUp.completedAt === null)).toEqual([
    expect.objectContaining({ dueAt: new Date(Date.parse(chosen)).toISOString() }),
  ]);
  expect(await pinnedIds(page.request)).not.toContain(client.clientId);
});

test("editing an episode shows its stored answer, and turning it to Yes raises the alert", async ({ page, practice, login }) => {
  await login(page, practice.sam);
  await openCaseload(page);
  const client = await createClientViaApi(page.request, "Edit to yes");
  await apiOf(page).episodes.create.mutate({
    id: randomUUID(),
    clientId: client.clientId,
    occurredAt: new Date(Date.now() - 2 * 3600 * 1000).toISOString(),
    intensity: 4,
    types: ["despondency"],
    context: "nursing",
    letDown: "first",
    durationSeconds: 60,
    impact: "none",
    selfHarmThoughts: false,
    ratedAfterEducation: false,
  });
  await page.goto(`/clients/${client.clientId}`);
  await expect(page.locator(".review-header .review-flag--urgent")).toHaveCount(0);
  const row = page.getByTestId("episode-row");
  await row.getByRole("button", { name: /^Edit/ }).click();
  const form = dialog(page);
  await expect(form.getByRole("heading", { name: "Edit episode" })).toBeVisible();
  const selfHarm = form.getByRole("group", { name: /^Thoughts of self-harm/ });
  await expect(selfHarm.getByRole("radio", { name: "No", exact: true })).toBeChecked();
  await expect(form.getByRole("alert").filter({ hasText: "Urgent" })).toHaveCount(0);
  await selfHarm.getByRole("radio", { name: "Yes", exact: true }).check();
  await expect(form.getByRole("alert").filter({ hasText: "Urgent: thoughts of self-harm" })).toContainText("Saving this episode raises the urgent self-harm flag");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(row.getByRole("status")).toContainText("Episode updated: urgent self-harm flag raised");
  const urgentFlag = page.locator(".review-header .review-flag--urgent");
  await expect(urgentFlag.getByTestId("safety-alert")).toContainText("Episode on");
  expect(await pinnedIds(page.request)).toContain(client.clientId);

  // The edit form now shows Yes as stored; saving it again raises no second alert.
  await row.getByRole("button", { name: /^Edit/ }).click();
  await expect(selfHarm.getByRole("radio", { name: "Yes", exact: true })).toBeChecked();
  await expect(form).toContainText("already reported thoughts of self-harm");
  await form.getByRole("button", { name: "Cancel" }).click();
  await expect(urgentFlag.getByTestId("safety-alert")).toHaveCount(1);

  // A contact that reached the client resolves the alert, and the caseload stops pinning them.
  await resolveAlertsViaApi(page.request, client.clientId);
  expect(await pinnedIds(page.request)).not.toContain(client.clientId);
});

test("an episode can be recorded with the keyboard alone", async ({ page, practice, login }) => {
  await login(page, practice.sam);
  await openCaseload(page);
  const client = await createClientViaApi(page.request, "Keyboard");
  await page.goto(`/clients/${client.clientId}`);
  await expect(page.getByRole("heading", { level: 1, name: client.displayName })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Episodes (0)" })).toBeVisible();

  // Focus arrives by Tab from the top of the page, as it would for a keyboard user.
  const focusedText = async () => ((await page.locator(":focus").first().textContent({ timeout: 1000 }).catch(() => null)) ?? "").trim();
  let reached = false;
  for (let presses = 0; presses < 80 && !reached; presses++) {
    await page.keyboard.press("Tab");
    reached = (await focusedText()) === "Record episode";
  }
  expect(reached, "Tab reaches the Record episode button").toBe(true);

  const started = Date.now();
  await page.keyboard.press("Enter");
  const form = dialog(page);
  await expect(form.getByRole("heading", { name: "Record an episode" })).toBeVisible();
  await expect(form.getByRole("radio", { name: "1", exact: true })).toBeFocused();
  // Arrow keys move through the intensity radios, choosing as they go: 1 -> 7.
  for (let step = 0; step < 6; step++) await page.keyboard.press("ArrowRight");
  // Feelings: Tab to Despondency, Tab to Anxiety, Space ticks it.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  // Thoughts of self-harm, asked and answered explicitly: past Anger to No, Space chooses it.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(form.getByRole("group", { name: /^Thoughts of self-harm/ }).getByRole("radio", { name: "No", exact: true })).toBeFocused();
  await page.keyboard.press("Space");
  await page.keyboard.press("Enter");
  await expect(panelStatus(page)).toContainText("Episode recorded");
  const elapsed = Date.now() - started;

  console.log("keyboard episode entry ms:", elapsed);
  writeFileSync(
    path.join(ARTIFACTS, "keyboard-entry.json"),
    `${JSON.stringify({ keyboardEpisodeEntryMs: elapsed, measuredAt: new Date().toISOString() }, null, 2)}\n`,
  );

  await expect(dialog(page)).toHaveCount(0);
  await expect(page.getByTestId("recording-panel").getByRole("button", { name: "Record episode" })).toBeFocused();
  const rows = page.getByTestId("episode-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Anxiety");
  const episodes = await apiOf(page).episodes.list.query({ clientId: client.clientId });
  expect(episodes).toEqual([expect.objectContaining({ intensity: 7, types: ["anxiety"], selfHarmThoughts: false })]);
});

test("editing an episode someone else changed shows both versions and overwrites nothing", async ({ page, practice, login }) => {
  await login(page, practice.sam);
  await openCaseload(page);
  const client = await createClientViaApi(page.request, "Conflict");
  const episode = await apiOf(page).episodes.create.mutate({
    id: randomUUID(),
    clientId: client.clientId,
    occurredAt: new Date(Date.now() - 3600 * 1000).toISOString(),
    intensity: 5,
    types: ["despondency"],
    context: "nursing",
    letDown: "first",
    durationSeconds: 90,
    impact: "none",
    selfHarmThoughts: false,
    ratedAfterEducation: false,
  });
  // Everything as stored but the intensity: what another device would send.
  const { id, occurredAt, types, context, letDown, durationSeconds, impact, selfHarmThoughts, ratedAfterEducation } = episode;
  const changeViaApi = (intensity: number, version: number) =>
    apiOf(page).episodes.update.mutate({
      ...{ id, occurredAt, types, context, letDown, durationSeconds, impact, selfHarmThoughts, ratedAfterEducation },
      clientId: client.clientId,
      intensity,
      version,
    });

  await page.goto(`/clients/${client.clientId}`);
  await page.getByTestId("episode-row").getByRole("button", { name: /^Edit/ }).click();
  const form = dialog(page);
  await expect(form.getByRole("heading", { name: "Edit episode" })).toBeVisible();
  await expect(form.getByRole("radio", { name: "5", exact: true })).toBeChecked();

  // Meanwhile, someone else saves intensity 9.
  const theirs = await changeViaApi(9, episode.version);
  await form.getByRole("radio", { name: "3", exact: true }).check();
  await form.getByRole("button", { name: "Save changes" }).click();

  const conflict = form.getByTestId("conflict");
  await expect(conflict).toContainText("Someone else changed this episode after you opened it");
  const intensityRow = conflict.getByRole("row", { name: /^Intensity/ });
  await expect(intensityRow.getByRole("cell").nth(0)).toHaveText("3 (mild)");
  await expect(intensityRow.getByRole("cell").nth(1)).toHaveText("9 (severe)");
  await expect(conflict.getByRole("row")).toHaveCount(2);
  // What the user typed is still there, and the stored episode is theirs.
  await expect(form.getByRole("radio", { name: "3", exact: true })).toBeChecked();
  await screenshot(page, "recording-conflict.png");
  let now = await apiOf(page).episodes.list.query({ clientId: client.clientId });
  expect(now).toEqual([expect.objectContaining({ intensity: 9, version: theirs.version })]);

  // "Use theirs" reloads the form with the stored version.
  await conflict.getByRole("button", { name: "Use theirs" }).click();
  await expect(form.getByTestId("conflict")).toHaveCount(0);
  await expect(form.getByRole("radio", { name: "9", exact: true })).toBeChecked();

  // A second change behind the form; this time the user keeps theirs: "Overwrite with mine".
  const again = await changeViaApi(6, theirs.version);
  await form.getByRole("radio", { name: "2", exact: true }).check();
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByTestId("conflict").getByRole("row", { name: /^Intensity/ })).toContainText("6 (moderate)");
  await form.getByTestId("conflict").getByRole("button", { name: "Overwrite with mine" }).click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(page.getByTestId("episode-row").getByRole("status")).toHaveText("Episode updated");
  now = await apiOf(page).episodes.list.query({ clientId: client.clientId });
  expect(now).toEqual([expect.objectContaining({ intensity: 2, version: again.version + 1 })]);
});

test("editing an intervention shows the change, and a conflicting edit shows both versions and overwrites nothing", async ({ page, practice, login }) => {
  await login(page, practice.sam);
  await openCaseload(page);
  const client = await createClientViaApi(page.request, "Intervention edit");
  const created = await apiOf(page).interventions.create.mutate({
    id: randomUUID(),
    clientId: client.clientId,
    kind: "grounding",
    startedAt: new Date(Date.now() - 10 * 24 * 3600 * 1000).toISOString(),
    details: "Deep breathing at the let-down.",
  });
  const listed = () => apiOf(page).interventions.list.query({ clientId: client.clientId });
  const row = page.getByTestId("intervention-row");
  const openEdit = async () => {
    await row.getByRole("button", { name: /^Edit intervention: Grounding \/ coping, started / }).click();
    const form = dialog(page);
    await expect(form.getByRole("heading", { name: "Edit intervention" })).toBeVisible();
    await expect(form.getByLabel("What was tried")).toBeFocused();
    return form;
  };

  await page.goto(`/clients/${client.clientId}`);
  await expect(page.getByRole("heading", { level: 1, name: client.displayName })).toBeVisible();
  await expect(row).toHaveCount(1);

  // An edit through the UI, saved from the text area with Ctrl+Enter as in the other forms.
  let form = await openEdit();
  await expect(form.getByLabel("What was tried")).toHaveValue("grounding");
  const details = form.getByLabel("Details (optional)");
  await expect(details).toHaveValue("Deep breathing at the let-down.");
  const edited = "Hand on heart and slow breathing through the let-down.";
  await details.fill(edited);
  await details.press("Control+Enter");
  await expect(dialog(page)).toHaveCount(0);
  await expect(row.getByRole("status")).toHaveText("Intervention updated");
  await expect(row).toContainText(edited);
  const [afterEdit] = await listed();
  // The untouched start date keeps the stored instant; only the details changed.
  expect(afterEdit).toMatchObject({ details: edited, startedAt: created.startedAt, version: created.version + 1 });

  // The form opens again; meanwhile someone else changes the details through the API.
  form = await openEdit();
  await expect(details).toHaveValue(edited);
  const theirsText = "Grounding paused: trying a log of triggers first.";
  const theirs = await apiOf(page).interventions.update.mutate({
    id: created.id,
    clientId: client.clientId,
    kind: "grounding",
    startedAt: afterEdit?.startedAt ?? "",
    details: theirsText,
    version: afterEdit?.version ?? 0,
  });
  const mine = "Breathing helps; add naming five things in the room.";
  await details.fill(mine);
  await form.getByRole("button", { name: "Save changes" }).click();

  const conflict = form.getByTestId("conflict");
  await expect(conflict).toContainText("Someone else changed this intervention after you opened it");
  const detailsRow = conflict.getByRole("row", { name: /^Details/ });
  await expect(detailsRow.getByRole("cell").nth(0)).toHaveText(mine);
  await expect(detailsRow.getByRole("cell").nth(1)).toHaveText(theirsText);
  await expect(conflict.getByRole("row")).toHaveCount(2);
  // What the user typed is still in the form, and the stored intervention is the API's.
  await expect(details).toHaveValue(mine);
  await screenshot(page, "recording-intervention-conflict.png");
  expect(await listed()).toEqual([expect.objectContaining({ details: theirsText, version: theirs.version })]);

  // "Use theirs" loads the version saved now into the form; nothing is written.
  await conflict.getByRole("button", { name: "Use theirs" }).click();
  await expect(form.getByTestId("conflict")).toHaveCount(0);
  await expect(details).toHaveValue(theirsText);
  await form.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog(page)).toHaveCount(0);
  expect(await listed()).toEqual([expect.objectContaining({ details: theirsText, version: theirs.version })]);
});

import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";

// Only sam's caseload is touched here: the sign-in tests read emily's.
const SAM = "sam@bewellbaby.test";
const DEMO_PASSWORD = "demo-password";
const SELF_HARM_BADGE = "Self-harm: same-day follow-up";
const ARTIFACTS = path.join(import.meta.dirname, "..", "artifacts");
const SCREENSHOTS = path.join(ARTIFACTS, "screenshots");

interface CaseloadRowJson {
  clientId: string;
  displayName: string;
  flags: string[];
}
interface EpisodeJson {
  id: string;
  intensity: number;
  types: string[];
  selfHarmThoughts: boolean;
  version: number;
}
interface ScreeningJson {
  total: number;
  item10: number;
  interpretation: string;
}
interface InterventionJson {
  id: string;
  kind: string;
  startedAt: string;
  details: string | null;
  version: number;
  outcomes: { outcome: string }[];
}
interface ClientJson {
  clientId: string;
  displayName: string;
  version: number;
}

/** A tRPC query over plain HTTP, with the browser's session cookie. */
async function apiQuery<T>(request: APIRequestContext, procedure: string, input?: unknown): Promise<T> {
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await request.get(`/trpc/${procedure}${query}`);
  expect(response.ok(), `${procedure} answered ${response.status()}`).toBe(true);
  const body = (await response.json()) as { result: { data: T } };
  return body.result.data;
}

/** A tRPC mutation: POST with the input as the JSON body (CONTRACT.md). */
async function apiMutation<T>(request: APIRequestContext, procedure: string, input: unknown): Promise<T> {
  const response = await request.post(`/trpc/${procedure}`, { data: input });
  expect(response.ok(), `${procedure} answered ${response.status()}: ${await response.text()}`).toBe(true);
  const body = (await response.json()) as { result: { data: T } };
  return body.result.data;
}

async function signInAsSam(page: Page): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(SAM);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/caseload$/);
  await expect(page.getByTestId("caseload-row").first()).toBeVisible();
}

function isoDaysAgo(days: number): string {
  return new Date(Date.now() - days * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

/** A client of sam's made through the API, for tests that start on the client page. */
async function createClientViaApi(request: APIRequestContext, label: string): Promise<ClientJson> {
  return apiMutation<ClientJson>(request, "clients.create", {
    id: randomUUID(),
    displayName: `E2E ${label} ${Date.now().toString(36)}`,
    babyBirthDate: isoDaysAgo(70),
    feedingMethod: "nursing",
    consideringWeaning: false,
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

test("recording through the UI raises the urgent flag, and completing the follow-up clears it", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAsSam(page);

  // Setup: follow up every urgent client of sam's, so the new client must reach the top by the rule.
  const urgent = await apiQuery<{ rows: CaseloadRowJson[] }>(page.request, "caseload.list", {
    filters: { flag: "self_harm" },
    pageSize: 200,
  });
  for (const row of urgent.rows) {
    await apiMutation(page.request, "followUps.complete", { clientId: row.clientId, notes: "Followed up by phone (test setup)." });
  }
  const stillUrgent = await apiQuery<{ total: number }>(page.request, "caseload.list", { filters: { flag: "self_harm" } });
  expect(stillUrgent.total).toBe(0);
  await page.reload();
  await expect(page.getByTestId("caseload-row").first()).toBeVisible();

  // A new client, through the UI.
  const name = `E2E Recording ${Date.now().toString(36)}`;
  await page.getByRole("button", { name: "New client" }).click();
  const newClient = dialog(page);
  await expect(newClient.getByRole("heading", { name: "New client" })).toBeVisible();
  await expect(newClient.getByLabel("Display name")).toBeFocused();
  await newClient.getByLabel("Display name").fill(name);
  await newClient.getByLabel("Baby's birth date").fill(isoDaysAgo(56));
  await screenshot(page, "recording-new-client.png");
  await newClient.getByRole("button", { name: "Add client" }).click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: `${name} added to your caseload` })).toBeVisible();
  await page.getByRole("link", { name: `Open ${name}` }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const clientId = new URL(page.url()).pathname.split("/").pop() ?? "";

  // Episode: intensity and a feeling are all a typical entry needs. A double click saves once.
  let form = await openForm(page, "Record episode", "Record an episode");
  // Nothing chosen yet: the shared schema's messages appear beside the fields, and nothing is sent.
  await form.getByRole("button", { name: "Save episode" }).click();
  await expect(form.getByText("Intensity must be a number from 1 to 10")).toBeVisible();
  await expect(form.getByText("Choose at least one feeling")).toBeVisible();
  await expect(form.getByRole("radio", { name: "1", exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByRole("radio", { name: "1", exact: true })).toBeFocused();
  await expect(form.getByRole("checkbox", { name: /^Despondency/ })).toHaveAccessibleDescription(/Choose at least one feeling/);
  await form.getByRole("radio", { name: "8", exact: true }).check();
  await expect(form.getByText("8: Severe (7 to 10)")).toBeVisible();
  await form.getByRole("checkbox", { name: /^Despondency/ }).check();
  await form.getByRole("checkbox", { name: /^Anxiety/ }).check();
  await screenshot(page, "recording-episode.png");
  await form.getByRole("button", { name: "Save episode" }).dblclick();
  await expect(panelStatus(page)).toContainText("Episode recorded");
  await expect(dialog(page)).toHaveCount(0);
  const episodes = await apiQuery<EpisodeJson[]>(page.request, "episodes.list", { clientId });
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
  const interventions = await apiQuery<InterventionJson[]>(page.request, "interventions.list", { clientId });
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
  const screenings = await apiQuery<ScreeningJson[]>(page.request, "screenings.list", { clientId });
  expect(screenings).toEqual([expect.objectContaining({ total: 20, item10: 2, interpretation: "self_harm_risk" })]);
  await form.getByRole("button", { name: "Done" }).click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(page.getByTestId("recording-panel").getByRole("button", { name: "EPDS screening" })).toBeFocused();

  // The caseload: the new client is first, marked urgent.
  await page.getByRole("link", { name: "Back to caseload" }).click();
  const firstRow = page.getByTestId("caseload-row").first();
  await expect(firstRow.getByRole("link", { name, exact: true })).toBeVisible();
  await expect(firstRow).toContainText(SELF_HARM_BADGE);
  const top = await apiQuery<{ rows: CaseloadRowJson[] }>(page.request, "caseload.list", { pageSize: 1 });
  expect(top.rows[0]?.clientId).toBe(clientId);
  // The flag's reason shows on keyboard focus, not only on hover.
  await firstRow.getByText(SELF_HARM_BADGE).focus();
  await expect(page.locator(".tooltip")).toContainText("same-day follow-up required");
  await screenshot(page, "caseload-urgent.png");
  await page.keyboard.press("Escape");
  await expect(page.locator(".tooltip")).toHaveCount(0);

  // Completing the follow-up, with a note, clears the flag.
  await firstRow.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  form = await openForm(page, "Complete follow-up", "Complete a follow-up");
  await expect(form).toContainText("This clears the urgent self-harm flag");
  await form.getByLabel("Follow-up note").fill("Called the same day; safe, supported by partner; GP appointment booked.");
  await screenshot(page, "recording-follow-up.png");
  await form.getByRole("button", { name: "Save follow-up" }).click();
  await expect(panelStatus(page)).toContainText("The urgent self-harm flag is cleared");

  await page.getByRole("link", { name: "Back to caseload" }).click();
  const row = caseloadRowFor(page, name);
  await expect(row).toBeVisible();
  await expect(row).not.toContainText(SELF_HARM_BADGE);
  await expect(row).toContainText("EPDS ≥ 13");
  await screenshot(page, "caseload-cleared.png");
  const after = await apiQuery<{ rows: CaseloadRowJson[] }>(page.request, "caseload.list", { search: name });
  expect(after.rows.map((candidate) => candidate.flags)).toEqual([["epds_high"]]);
});

test("an episode can be recorded with the keyboard alone", async ({ page }) => {
  await signInAsSam(page);
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
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
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
  const episodes = await apiQuery<EpisodeJson[]>(page.request, "episodes.list", { clientId: client.clientId });
  expect(episodes).toEqual([expect.objectContaining({ intensity: 7, types: ["anxiety"], selfHarmThoughts: false })]);
});

test("editing an episode someone else changed shows both versions and overwrites nothing", async ({ page }) => {
  await signInAsSam(page);
  const client = await createClientViaApi(page.request, "Conflict");
  const episode = await apiMutation<EpisodeJson>(page.request, "episodes.create", {
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
  const stored = { ...episode } as Record<string, unknown>;
  const changeViaApi = (intensity: number, version: number) =>
    apiMutation<EpisodeJson>(page.request, "episodes.update", {
      ...Object.fromEntries(
        ["id", "occurredAt", "types", "context", "letDown", "durationSeconds", "impact", "selfHarmThoughts", "ratedAfterEducation"].map(
          (key) => [key, stored[key]],
        ),
      ),
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
  let now = await apiQuery<EpisodeJson[]>(page.request, "episodes.list", { clientId: client.clientId });
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
  now = await apiQuery<EpisodeJson[]>(page.request, "episodes.list", { clientId: client.clientId });
  expect(now).toEqual([expect.objectContaining({ intensity: 2, version: again.version + 1 })]);
});

test("editing an intervention shows the change, and a conflicting edit shows both versions and overwrites nothing", async ({ page }) => {
  await signInAsSam(page);
  const client = await createClientViaApi(page.request, "Intervention edit");
  const created = await apiMutation<InterventionJson>(page.request, "interventions.create", {
    id: randomUUID(),
    clientId: client.clientId,
    kind: "grounding",
    startedAt: new Date(Date.now() - 10 * 24 * 3600 * 1000).toISOString(),
    details: "Deep breathing at the let-down.",
  });
  const listed = () => apiQuery<InterventionJson[]>(page.request, "interventions.list", { clientId: client.clientId });
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
  const theirs = await apiMutation<InterventionJson>(page.request, "interventions.update", {
    id: created.id,
    clientId: client.clientId,
    kind: "grounding",
    startedAt: afterEdit?.startedAt,
    details: theirsText,
    version: afterEdit?.version,
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
